/**
 * Hung and noisy commands at the CLI level: a command that never ends is stopped at its
 * timeout with its whole process tree, `background` processes end with the run even after a
 * failure, and a command printing 50 MB neither blows nslab's memory nor floods the terminal.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-hung-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function scenario(name: string, text: string): string {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}

/** Host pids whose command line matches `pattern` (sandbox processes are visible from the host). */
function processesMatching(pattern: RegExp): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
      } catch {
        return false;
      }
    })
    .map(Number);
}

const F = '```';

/** A number no other test uses, to find this test's processes by their command line. */
const unique = (): number => 40_000 + Math.floor(Math.random() * 9_000);

describe('a command that never ends', () => {
  // Each is a pipeline, so that there is a tree to stop: the command and `cat` behind it. The
  // cleanup runs in the sandbox right after the failing step and counts what is left of it
  // (`[x]`: the pattern does not match pgrep's own command line); exit 7 makes nslab print it.
  const cases: Array<[string, (n: number) => string, (n: number) => string]> = [
    ['ping without -c', (n) => `ping -i 0.2 -s ${n} 127.0.0.1 | cat`, (n) => `ping -i 0.2 -s ${n} 127.0.0.[1]`],
    ['nc -l', (n) => `nc -l 127.0.0.1 ${n} | cat`, (n) => `nc -l 127.0.0.1 ${n}[ ]*$`],
    ['sleep 1000', (n) => `sleep 1000.${n} | cat`, (n) => `sleep 1000.${n}[ ]*$`],
  ];
  it.each(cases)('%s is stopped at timeout=1s with its process tree, and the ✘ says it timed out', async (name, command, pattern) => {
    const n = unique();
    const file = scenario(
      `hung-${n}.md`,
      `---\ntitle: Hung\ncleanup: "echo left=$(pgrep -f '${pattern(n)}' | wc -l); exit 7"\n---\n## Hang\n\`\`\`sh {timeout=1s}\n${command(n)}\n\`\`\`\n`,
    );
    const run = await runCli(['run', file, '--yes']);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain('✘ expected exit status 0 within the time limit');
    expect(run.stdout).toMatch(/found timed out after 1\.\d s/);
    expect(run.stdout).toContain('cleanup exited 7: left=0');
    expect(processesMatching(new RegExp(String(n)))).toEqual([]);
  });
});

describe('background processes', () => {
  const failing = (n: number, cleanup: string): string =>
    `---\ntitle: Serve then fail\ncleanup: ${cleanup}\n---\n## Serve\n\`\`\`sh {background}\nsleep 2000.${n}\n\`\`\`\n\`\`\`check\nlink lo exists\n\`\`\`\n` +
    `## Fail\n\`\`\`sh\nfalse\n\`\`\`\n`;

  it('are stopped at the end of a sandbox run that failed', async () => {
    const n = unique();
    const run = await runCli(['run', scenario(`bg-${n}.md`, failing(n, 'echo done')), '--yes']);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain('✘ Step 2 "Fail" failed');
    expect(processesMatching(new RegExp(`sleep 2000\\.${n}`))).toEqual([]);
  });

  it('are stopped at the end of a --host run that failed (no sandbox to take them down)', async () => {
    const n = unique();
    const run = await runCli(['run', scenario(`bg-host-${n}.md`, failing(n, 'echo done')), '--yes', '--host']);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain('✘ Step 2 "Fail" failed');
    expect(processesMatching(new RegExp(`sleep 2000\\.${n}`))).toEqual([]);
  });
});

describe('SIGKILL of nslab while a background process runs', () => {
  it('leaves neither the process nor its output file on the host', async () => {
    const n = unique();
    const file = scenario(
      `bg-kill-${n}.md`,
      `---\ntitle: Killed\n---\n## Serve\n${F}sh {background}\nsleep 3000.${n}\n${F}\n` +
        `## Wait\n${F}sh\nls /run/nslab; echo BG-READY; sleep 30\n${F}\n`,
    );
    const child = spawn(process.execPath, ['bin/nslab', 'run', file, '--yes'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('│ BG-READY')) child.kill('SIGKILL');
    });
    child.stderr.resume();
    await new Promise((resolve) => child.on('close', resolve));
    // The output file lives on the sandbox's own tmpfs (it was /tmp/nslab-* on the host, left
    // behind by a SIGKILL), so it goes with the sandbox.
    expect(stdout).toMatch(/│ background-\w+-1\.log/);
    // Wait for the kernel to finish tearing the PID namespace down (a condition, not a delay).
    const deadline = Date.now() + 2000;
    while (processesMatching(new RegExp(`sleep 3000\\.${n}`)).length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(processesMatching(new RegExp(`sleep 3000\\.${n}`))).toEqual([]);
  });
});

describe('a command that prints 50 MB', () => {
  it('keeps nslab under 300 MB and its output under 1 MB, a tail shown', async () => {
    const file = scenario('noisy.md', '---\ntitle: Noisy\n---\n## Flood\n```sh\nyes | head -c 50M\n```\n```check\nlink lo exists\n```\n');
    const child = spawn(process.execPath, ['bin/nslab', 'run', file, '--yes'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let bytes = 0;
    let tail = '';
    child.stdout.on('data', (d: Buffer) => {
      bytes += d.length;
      tail = (tail + d.toString()).slice(-4000);
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // VmHWM is the process's peak resident set so far: read it while it lives, keep the last.
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // exited
      }
    }, 20);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(poll);
    expect(code, stderr + tail).toBe(0);
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(300 * 1024);
    expect(bytes).toBeLessThan(1024 * 1024);
    expect(tail).toMatch(/… \d+ more lines not shown …/);
    expect(tail).toContain('PASSED Noisy');
  });
});
