import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { settleWithin } from '../../src/util/settle-within.js';
import { heldMount, waitForFile } from '../helpers/held-mount.js';
import { hostNetworkState } from '../helpers/host-network-state.js';
import { RUN_TAG_VARIABLE, waitForUntagged } from '../helpers/host-snapshot.js';
import { ROOT, runCli, runProcess } from '../helpers/run-cli.js';
import { describeRunTree, killRunTree, stdioLinks } from '../helpers/run-tree.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function scenario(name: string, text: string): string {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}

/** A step that builds something, then a command that would run for a long time. */
const SLOW = scenario(
  'slow.md',
  `---
title: Interrupt me
cleanup: ip netns del A
---
## Build, then wait
\`\`\`sh
ip netns add A
echo waiting && sleep 30
\`\`\`
## Never reached
\`\`\`sh
echo unreachable
\`\`\`
`,
);

scenario('quick.md', '---\ntitle: Quick\n---\n## One\n```sh\nseq 1 20000\n```\n## Two\n```sh\nseq 1 20000\n```\n');

/** Runs the CLI, sends `signal` once `trigger` appears in its output, resolves on exit. */
function runAndSignal(args: string[], trigger: string, signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/nslab', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!sent && stdout.includes(trigger)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('interrupts', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s during a command stops it, reports the step as interrupted and exits %i', async (signal, code) => {
    const before = hostNetworkState();
    const run = await runAndSignal(['run', SLOW, '--yes'], '│ waiting', signal);
    expect(run.code).toBe(code);
    expect(run.stdout).toContain('found interrupted after');
    expect(run.stdout).toContain('⚠ Step 1 "Build, then wait" interrupted');
    expect(run.stdout).toContain('INTERRUPTED Interrupt me');
    expect(run.stdout).not.toContain('unreachable');
    expect(hostNetworkState()).toEqual(before);
  });

  it('SIGINT while the sandbox is still opening (PID 1 held in a slow mount) ends the run at once: exit 130, nothing left', async () => {
    // The signal reaches nslab's handler only once `run` has installed it, a moment after the
    // opening started; before that, Node's default action ends nslab (killed by SIGINT, no
    // summary), which proves nothing. So each attempt waits a little longer after the mount
    // started, until one lands after the handler (exit code 130 rather than death by SIGINT):
    // that run must end without waiting for the opening, which never finishes.
    for (let attempt = 0; attempt < 10; attempt++) {
      const held = heldMount(join(work, `held-${attempt}`));
      const tag = randomUUID();
      const child = spawn(process.execPath, ['bin/nslab', 'run', 'scenarios/l3-router.md', '--yes'], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', PATH: `${held.bin}:${process.env.PATH}`, [RUN_TAG_VARIABLE]: tag },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const links = stdioLinks(child.pid!);
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
      const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('close', (code, signal) => resolve({ code, signal })),
      );
      try {
        await waitForFile(held.started);
        await new Promise((r) => setTimeout(r, attempt * 100));
        child.kill('SIGINT');
        if (!(await settleWithin(closed, 20_000))) {
          expect.fail(`attempt ${attempt}: not ended 20 s after SIGINT:\n${describeRunTree(tag, links)}\n${stdout}`);
        }
        const ended = await closed;
        if (ended.signal === 'SIGINT') continue; // before the handler: try a little later
        expect(ended.code, stdout).toBe(130);
        expect(stdout).toMatch(/^INTERRUPTED A layer-3 router between two subnets · 0 passed, 0 failed, 0 skipped, 8 not run/m);
        expect(await waitForUntagged(tag)).toEqual([]);
        return;
      } finally {
        await killRunTree(tag, links);
      }
    }
    expect.fail('in 10 attempts, no SIGINT reached nslab after its handler was installed');
  });
});

/** Polls until a process with this command line runs (pgrep -f), for up to 20 s. */
async function waitForProcess(commandLine: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      execFileSync('pgrep', ['-f', `^${commandLine}$`]);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`no process "${commandLine}" within 20 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('an interrupt while Open vSwitch starts', () => {
  it('SIGINT while ovsdb-tool hangs ends the run at once: exit 130, INTERRUPTED, nothing left', async () => {
    // A held ovsdb-tool, first on PATH. Not under /tmp: the sandbox has its own /tmp by the
    // time the services start, and the program must be visible inside it.
    const dir = mkdtempSync('/var/tmp/nslab-e2e-ovs-');
    try {
      // Seen from the host by its command line: a file it wrote would land in the sandbox's own
      // /var (a private overlay), which the host never sees.
      const held = `sleep 600.${process.pid}`;
      writeFileSync(join(dir, 'ovsdb-tool'), `#!/bin/sh\nexec ${held}\n`);
      chmodSync(join(dir, 'ovsdb-tool'), 0o755);
      const tag = randomUUID();
      const child = spawn(process.execPath, ['bin/nslab', 'run', 'scenarios/l2-switch.md', '--yes'], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', PATH: `${dir}:${process.env.PATH}`, [RUN_TAG_VARIABLE]: tag },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const links = stdioLinks(child.pid!);
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
      const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      try {
        await waitForProcess(held);
        child.kill('SIGINT');
        // Without the fix it waits for the start's own 20 s limit.
        if (!(await settleWithin(closed, 15_000))) expect.fail(`not ended 15 s after SIGINT:\n${describeRunTree(tag, links)}\n${stdout}`);
        expect(await closed, stdout).toBe(130);
        expect(stdout).toMatch(/^INTERRUPTED .* 0 passed, 0 failed, 0 skipped, 7 not run/m);
        expect(stdout).not.toContain('did not start');
        expect(await waitForUntagged(tag)).toEqual([]);
      } finally {
        await killRunTree(tag, links);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a reader that goes away', () => {
  it('does not crash the run when its output pipe closes (nslab run ... | head)', async () => {
    const child = spawn(process.execPath, ['bin/nslab', 'run', SLOW.replace('slow.md', 'quick.md'), '--yes'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});

describe('environment problems', () => {
  it('names a missing program with its Debian package and exits 3 before step 1', async () => {
    const file = scenario(
      'missing.md',
      `---\ntitle: Needs tools\nrequires: [ip, tcpdump-not-installed-here, ovs-vsctl-nope]\n---\n## Step\n\`\`\`sh\ntrue\n\`\`\`\n`,
    );
    const run = await runCli(['run', file, '--yes']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('tcpdump-not-installed-here');
    expect(run.stderr).toContain('ovs-vsctl-nope');
    expect(run.stdout).not.toContain('Step 1');
  });

  it('says which Debian package provides a known program', async () => {
    // hping3 and nmap: known to nslab, and installed by none of its scripts.
    const file = scenario('no-hping.md', `---\ntitle: Needs hping3\nrequires: [hping3, nmap]\n---\n## Step\n\`\`\`sh\ntrue\n\`\`\`\n`);
    const run = await runCli(['run', file, '--yes']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^ {2}hping3 \(Debian package hping3\)$/m);
    expect(run.stderr).toMatch(/^ {2}nmap \(Debian package nmap\)$/m);
    expect(run.stderr).toMatch(/apt-get install -y .*hping3/);
  });
});

describe('as a user without root', () => {
  // The bundle needs nothing from node_modules: a world-readable copy of bin/, dist/bundle/ and
  // scenarios/ lets nobody run it wherever the checkout lives (CI may clone under /root).
  // Made in beforeAll, not when the file is collected: a run that filters this block out
  // (`-t`) runs no afterAll either, and left the copy in /tmp.
  let copy = '';
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'nslab-nobody-'));
    for (const dir of ['bin', 'dist/bundle', 'scenarios']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
    chmodSync(copy, 0o755);
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  // setpriv(1) drops to nobody; nslab then adds a user namespace to its sandbox.
  const asNobody = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runProcess(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(copy, 'bin/nslab'), ...args],
      { HOME: '/tmp', ...env },
      copy,
    );

  it('runs the router walkthrough in a sandbox with a user namespace', async () => {
    const run = await asNobody(['run', 'scenarios/l3-router.md', '--yes']);
    expect(run.stdout).toContain('PASSED');
    expect(run.code).toBe(0);
  });

  it('clean says it cannot read the records of --host runs (root\'s), not that there are none, exit 3', async () => {
    // As /run/nslab/host-runs: root's, 0700, in a directory anyone may look in.
    const runs = join(copy, 'run', 'host-runs');
    mkdirSync(runs, { recursive: true, mode: 0o700 });
    chmodSync(join(copy, 'run'), 0o755);
    for (const args of [['clean'], ['clean', '--dry-run']]) {
      const run = await asNobody(args, { NSLAB_HOST_RUNS_DIR: runs });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`cannot read ${runs} (EACCES)`);
      expect(run.stderr).toContain('nslab clean needs root, as --host does');
      expect(run.stdout).not.toContain('no leftovers');
    }
  });

  it('says first, and only, that --host needs root, exit 3: no warnings, no --yes notice, nothing run', async () => {
    // Outside ./scenarios/ and with a step nothing verifies: --yes and lint would both speak first.
    const file = join(copy, 'unchecked.md');
    writeFileSync(file, '---\ntitle: Unchecked\n---\n# Unchecked\n\n## Touch\n\n```sh\ntouch /tmp/nslab-never\n```\n');
    chmodSync(file, 0o644);
    const run = await asNobody(['run', '--host', '--yes', file]);
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toBe("cannot run: --host changes the host's network and needs root: run it with sudo.");
    expect(run.stdout).toBe('');
  });

  it('says at once that Open vSwitch scenarios need root, exit 3', async () => {
    const run = await asNobody(['run', 'scenarios/l2-switch.md', '--yes']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('run nslab as root');
    expect(run.stdout).not.toContain('Step 1');
  });
});

describe('usage problems', () => {
  it('exits 2 for a missing file and for an unknown option', async () => {
    const missing = await runCli(['run', join(work, 'nope.md')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.md');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const option = await runCli(['run', SLOW, '--frobnicate']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--frobnicate');
  });
});
