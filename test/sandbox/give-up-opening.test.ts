/**
 * The private sandbox's opening (PID 1 mounting its file systems) can be given up, and runs none
 * of the user's shell start-up files.
 *
 * A held `mount` first on PATH (held-mount.ts) keeps the opening open for as long as the test
 * wants. No timing luck: each test waits for its marker, then acts.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { practice } from '../../src/practice/practice.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { startOpening } from '../../src/sandbox/opening.js';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { InterruptedError } from '../../src/util/errors.js';
import { settleWithin } from '../../src/util/settle-within.js';
import { heldMount, waitForFile } from '../helpers/held-mount.js';
import { RUN_TAG_VARIABLE, taggedPids, waitForUntagged } from '../helpers/host-snapshot.js';

/** Generous: an opening takes ~30 ms, a given-up one ends at once. */
const WAIT_MS = 20_000;

let dir: string;
let tag: string;
const saved: Record<string, string | undefined> = {};

/** Sets an environment variable for this test only (the sandbox's processes inherit it). */
function setEnv(name: string, value: string | undefined): void {
  if (!(name in saved)) saved[name] = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nslab-test-opening-'));
  // Every process of the sandbox carries the tag: what is left of it can be found.
  tag = randomUUID();
  setEnv(RUN_TAG_VARIABLE, tag);
});

afterEach(async () => {
  for (const pid of taggedPids(tag)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    delete saved[name];
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Puts a held `mount` first on PATH (see held-mount.ts); returns its marker file. */
function holdMount(): string {
  const { bin, started } = heldMount(dir);
  setEnv('PATH', `${bin}:${process.env.PATH}`);
  return started;
}

describe('giving up a private sandbox that is still opening', () => {
  it('rejects with InterruptedError and leaves no process of it, PID 1 mid-mount included', async () => {
    const started = holdMount();
    const opening = startOpening((signal) => openPrivateSandbox({ signal }));
    opening.sandbox.catch(() => {});
    await waitForFile(started);
    opening.giveUp();
    expect(await settleWithin(opening.sandbox, WAIT_MS), 'the opening settled once given up').toBe(true);
    await expect(opening.sandbox).rejects.toBeInstanceOf(InterruptedError);
    expect(await waitForUntagged(tag)).toEqual([]);
  });

  it('runScenario interrupted while its sandbox opens: status interrupted, no step run, nothing left', async () => {
    const started = holdMount();
    const parsed = parseScenario('---\ntitle: Held\n---\n## One\n```sh\nip netns add H1\n```\n', 'held.md');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const abort = new AbortController();
    const events: string[] = [];
    const running = runScenario(parsed.scenario, { signal: abort.signal, onEvent: (e) => events.push(e.kind) });
    await waitForFile(started);
    abort.abort();
    expect(await settleWithin(running, WAIT_MS), 'the run ended once interrupted').toBe(true);
    const result = await running;
    expect(result.status).toBe('interrupted');
    expect(result.steps.map((s) => s.status)).toEqual(['not-run']);
    expect(events).toEqual(['run-end']);
    expect(await waitForUntagged(tag)).toEqual([]);
  });
});

describe('practice interrupted before its shell starts', () => {
  const scenario = () => {
    const parsed = parseScenario('---\ntitle: Held\n---\n## One\n```sh\nip netns add H1\n```\n', 'held.md');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return parsed.scenario;
  };
  let shellStarted = false;
  const options = (signal: AbortSignal) => ({
    render: () => '',
    write: () => {},
    signal,
    shell: async () => {
      shellStarted = true;
    },
  });

  it('gives the opening up at the interrupt: InterruptedError, no shell, nothing left', async () => {
    shellStarted = false;
    const started = holdMount();
    const abort = new AbortController();
    const practising = practice(scenario(), options(abort.signal));
    practising.catch(() => {});
    await waitForFile(started);
    abort.abort();
    expect(await settleWithin(practising, WAIT_MS), 'practice ended once interrupted').toBe(true);
    await expect(practising).rejects.toBeInstanceOf(InterruptedError);
    expect(shellStarted).toBe(false);
    expect(await waitForUntagged(tag)).toEqual([]);
  });

  it('opens no shell for an interrupt that came as the opening finished', async () => {
    shellStarted = false;
    const abort = new AbortController();
    abort.abort();
    await expect(practice(scenario(), options(abort.signal))).rejects.toBeInstanceOf(InterruptedError);
    expect(shellStarted).toBe(false);
    expect(await waitForUntagged(tag)).toEqual([]);
  });
});

describe("the sandbox's PID 1", () => {
  it("does not read the user's ~/.bashrc, even where bash takes itself for one started by sshd", async () => {
    // A non-interactive bash whose stdin is a socket and whose SHLVL is unset reads ~/.bashrc
    // (bash(1), INVOCATION): the case of nslab started by cron, a CI runner or `( cmd & )`.
    const rcRan = join(dir, 'rc-ran');
    writeFileSync(join(dir, '.bashrc'), `touch '${rcRan}'\n`);
    setEnv('HOME', dir);
    setEnv('SHLVL', undefined);
    // The control: with this environment, a plain `bash -c` on a socketpair does read it.
    await new Promise<void>((resolve, reject) => {
      const control = spawn('bash', ['-c', 'true'], { stdio: ['pipe', 'pipe', 'pipe'] });
      control.on('error', reject).on('close', () => resolve());
      control.stdin.end();
    });
    expect(existsSync(rcRan), 'this bash reads ~/.bashrc when its stdin is a socket').toBe(true);
    rmSync(rcRan);
    const sandbox = await openPrivateSandbox();
    await sandbox.close();
    expect(existsSync(rcRan)).toBe(false);
  });
});
