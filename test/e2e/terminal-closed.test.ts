/**
 * Closing the terminal (the window, the ssh session) while a guided run waits at its prompt:
 * nslab runs the cleanup and ends as SIGHUP says, never with a Node crash — whose exit-time
 * terminal reset aborts on a hung-up terminal (nodejs/node#51519).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';
import { TmuxTerminal } from '../helpers/tmux.js';

// Not /tmp: the sandbox has a private /tmp, and the cleanup's mark must be seen from here.
const work = mkdtempSync('/var/tmp/nslab-e2e-hup-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function waitForFile(path: string, limitMs: number): Promise<string> {
  const deadline = Date.now() + limitMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} never appeared`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return readFileSync(path, 'utf8');
}

/**
 * Watches for a process with this exact command line (pgrep -f) until stopped: how the host
 * sees that a cleanup ran, since nothing the sandbox writes reaches the host's files.
 */
function watchForProcess(commandLine: string): { seen: () => boolean; stop: () => void } {
  let seen = false;
  const timer = setInterval(() => {
    try {
      execFileSync('pgrep', ['-f', `^${commandLine}$`]);
      seen = true;
    } catch {
      // not (yet) running
    }
  }, 20);
  return { seen: () => seen, stop: () => clearInterval(timer) };
}

describe('the terminal closed at a guided prompt', () => {
  it('runs the cleanup and ends by SIGHUP (129 to the shell), without a crash', async () => {
    const file = join(work, 'hup.md');
    writeFileSync(file, `---\ntitle: Hangup\ncleanup: sleep 0.41${process.pid}\n---\n## One\n\`\`\`sh\ntrue\n\`\`\`\n\`\`\`check\nlink lo exists\n\`\`\`\n`);
    // A shell around nslab that outlives the hangup (a trap, not an ignored signal, so that
    // nslab gets the default disposition) to write down how nslab ended.
    const inner = `node bin/nslab run ${file} 2>${work}/stderr; echo $? > ${work}/status`;
    const terminal = new TmuxTerminal(`sh -c 'trap true HUP; ${inner}'`, ROOT);
    const cleanup = watchForProcess(`sleep 0.41${process.pid}`);
    try {
      await terminal.waitFor(/Run this step\?/);
    } finally {
      terminal.close(); // the terminal goes away: SIGHUP, and EIO on the tty
    }
    expect((await waitForFile(join(work, 'status'), 15_000)).trim()).toBe('129');
    cleanup.stop();
    const stderr = readFileSync(join(work, 'stderr'), 'utf8');
    expect(stderr).not.toMatch(/Assertion failed|Unhandled 'error'|EIO/);
    expect(stderr).toContain('cleanup finished');
    expect(cleanup.seen()).toBe(true);
  });

  it('ends by SIGHUP too when stderr is the closed terminal itself (notices written to it after the hangup)', async () => {
    const file = join(work, 'hup-tty.md');
    writeFileSync(file, `---\ntitle: Hangup\ncleanup: sleep 0.42${process.pid}\n---\n## One\n\`\`\`sh\ntrue\n\`\`\`\n\`\`\`check\nlink lo exists\n\`\`\`\n`);
    // stderr stays on the terminal: "cleaning up" and "cleanup finished" are written to it after
    // it closed (EIO). An unhandled EIO there ended in a segfault of Node (139).
    const inner = `node bin/nslab run ${file}; echo $? > ${work}/status-tty`;
    const terminal = new TmuxTerminal(`sh -c 'trap true HUP; ${inner}'`, ROOT);
    const cleanup = watchForProcess(`sleep 0.42${process.pid}`);
    try {
      await terminal.waitFor(/Run this step\?/);
    } finally {
      terminal.close();
    }
    expect((await waitForFile(join(work, 'status-tty'), 15_000)).trim()).toBe('129');
    cleanup.stop();
    expect(cleanup.seen()).toBe(true);
  });
});
