import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_NOTE, RESTART_NOTE } from '../../src/sandbox/shell-session.js';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import type { Sandbox, ShellSession } from '../../src/sandbox/types.js';

const T = { timeoutMs: 10_000 };

describe('shell session in a private sandbox', () => {
  let sandbox: Sandbox;
  let shell: ShellSession;
  beforeAll(async () => {
    sandbox = await openPrivateSandbox();
    shell = await sandbox.openShell();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('keeps variables, exported env, functions and cwd across commands', async () => {
    await shell.run('X=5; export Y=7; greet() { echo "hi $1"; }; cd /tmp', T);
    const r = await shell.run('echo "$X"; bash -c \'echo "$Y"\'; greet you; pwd', T);
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, output: '5\n7\nhi you\n/tmp\n' });
  });

  it('reports exit codes, and interleaves stdout and stderr in order', async () => {
    expect((await shell.run('false', T)).exitCode).toBe(1);
    expect((await shell.run('(exit 42)', T)).exitCode).toBe(42);
    const r = await shell.run('echo out1; echo err1 >&2; echo out2; ls /nonexistent-nslab', T);
    expect(r.exitCode).toBe(2);
    expect(r.output).toBe("out1\nerr1\nout2\nls: cannot access '/nonexistent-nslab': No such file or directory\n");
  });

  it('reports a shell error as bash does, without nslab internals, and hides its own variables', async () => {
    const r = await shell.run('no-such-command-nslab', T);
    expect(r.exitCode).toBe(127);
    expect(r.output).toMatch(/^bash: (line \d+: )?no-such-command-nslab: command not found\n$/);
    expect((await shell.run('declare -p __nslab_command', T)).exitCode).toBe(1);
    const arrays = await shell.run('declare -a list=(a b c); echo ${#list[@]}', T);
    expect(arrays.output).toBe('3\n');
    expect((await shell.run('echo ${list[2]}', T)).output).toBe('c\n');
  });

  it('runs heredocs and multi-line loops', async () => {
    const r = await shell.run('cat <<EOF\nline $X\nEOF\nfor i in 1 2 3\ndo\n  echo "n=$i"\ndone', T);
    expect(r.output).toBe('line 5\nn=1\nn=2\nn=3\n');
  });

  it('gives stdin readers end of input instead of the protocol', async () => {
    const r = await shell.run('cat; read -r line || echo "read got EOF"', T);
    expect(r).toMatchObject({ exitCode: 0, output: 'read got EOF\n' });
    expect((await shell.run('echo $X', T)).output).toBe('5\n');
  });

  it('streams output live and keeps output without a final newline', async () => {
    const chunks: string[] = [];
    const r = await shell.run("printf 'a\\nb'", { timeoutMs: 5000, onOutput: (c) => chunks.push(c) });
    expect(r.output).toBe('a\nb');
    expect(chunks.join('')).toBe('a\nb');
  });

  it('runs in the sandbox: its own namespaces, not the host', async () => {
    const r = await shell.run('ip netns add probe && ip netns list && ip -o link show | wc -l; ip netns del probe', T);
    expect(r.output).toBe('probe\n1\n');
  });

  it('stops a command at its timeout and keeps working', async () => {
    const r = await shell.run('sleep 1000', { timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect((await shell.run('echo "still $X"', T)).output).toBe('still 5\n');
  });

  it('caps the output kept but streams all of it', async () => {
    let streamed = 0;
    const r = await shell.run('head -c 3000000 /dev/zero | tr "\\0" x', {
      timeoutMs: 20_000,
      onOutput: (c) => (streamed += c.length),
    });
    expect(streamed).toBe(3_000_000);
    expect(r.output).toContain(`[... ${3_000_000 - 1024 * 1024} bytes cut ...]`);
    expect(r.output.length).toBeLessThan(1024 * 1024 + 100);
  });

  // These two replace the shell, so they come last: the state is lost afterwards.
  it('replaces a shell stuck in a builtin loop, and says so', async () => {
    const r = await shell.run('while :; do :; done', { timeoutMs: 200 });
    expect(r).toMatchObject({ timedOut: true, exitCode: null });
    expect(r.output).toContain(RESTART_NOTE.trim());
    const after = await shell.run('echo "X=$X"', T);
    expect(after).toMatchObject({ exitCode: 0, output: 'X=\n' });
  });

  it('survives `exit`: the command gets its status, the next one a new shell', async () => {
    await shell.run('Z=1', T);
    const r = await shell.run('echo bye; exit 3', T);
    expect(r.exitCode).toBe(3);
    expect(r.output).toBe(`bye\n${EXIT_NOTE}`);
    expect(await shell.run('echo "Z=$Z"', T)).toMatchObject({ exitCode: 0, output: 'Z=\n' });
  });
});

describe('background jobs', () => {
  it('are stopped, with their children, by close', async () => {
    const sandbox = await openPrivateSandbox();
    try {
      const shell = await sandbox.openShell();
      await shell.runBackground('sleep 4242 & sleep 4343; echo never');
      // The job's commands start a moment after runBackground returns: wait for both (at most 5 s).
      let before = await sandbox.exec(['pgrep', '-f', 'sleep 4[23]4[23]']);
      for (let i = 0; i < 50 && before.output.trim().split('\n').filter(Boolean).length < 2; i++) {
        await new Promise((r) => setTimeout(r, 100));
        before = await sandbox.exec(['pgrep', '-f', 'sleep 4[23]4[23]']);
      }
      expect(before.output.trim().split('\n')).toHaveLength(2);
      expect((await shell.run('echo foreground', T)).output).toBe('foreground\n');
      await shell.close();
      const after = await sandbox.exec(['pgrep', '-f', 'sleep 4[23]4[23]']);
      expect(after.exitCode).toBe(1); // pgrep(1): 1 = nothing matched
    } finally {
      await sandbox.close();
    }
  });
});
