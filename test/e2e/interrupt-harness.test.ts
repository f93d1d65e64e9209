/**
 * The interrupt harness: runs of both seed walkthroughs interrupted at random moments with
 * SIGINT, SIGTERM and SIGKILL; after each, nothing may be left on the host (no network
 * namespace, link, OVS daemon, sandbox process, mount or /tmp/nslab-* entry that was not there
 * before), and the exit code must say what happened.
 *
 * The moments come from a seeded PRNG (mulberry32): the seed is printed, and
 * NSLAB_INTERRUPT_SEED=N replays a failing series. Runs in the "exclusive" vitest project:
 * the snapshot is host-wide, so no other test may run at the same time.
 *
 * A run that has not ended {@link HANG_MS} after its signal (nslab did not exit, or something it
 * started still holds its stdout/stderr) is a hang: the round fails at once with the run's
 * process tree and the holders of its output, rather than the whole file timing out, and the
 * tree is killed. Whatever happens, nothing a round started outlives the test (afterEach).
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { hostSnapshot, RUN_TAG_VARIABLE, waitForClean } from '../helpers/host-snapshot.js';
import { ROOT } from '../helpers/run-cli.js';
import { describeRunTree, killRunTree, stdioLinks } from '../helpers/run-tree.js';

const SEED = Number(process.env.NSLAB_INTERRUPT_SEED ?? Date.now() % 2 ** 31);
const ROUNDS = 50;
/** Interrupt moments are spread over 0 .. this many ms: the walkthroughs take 1.5-3 s. */
const SPAN_MS: Record<string, number> = { 'scenarios/l2-switch.md': 3000, 'scenarios/l3-router.md': 2000 };
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGKILL'] as const;
const CODE: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGKILL: 137 };
/**
 * How long after its signal a run may take to end (exit, and every holder of its output gone)
 * before the round counts as hung: generous, a whole run takes 1.5-3 s, and an interrupted one
 * still runs the scenario's cleanup.
 */
const HANG_MS = Number(process.env.NSLAB_INTERRUPT_HANG_MS ?? 20_000);

/** The round running now (its tag and stdio links), for afterEach to kill what it left running. */
let current: { tag: string; links: string[] } | undefined;

/** mulberry32: a small seeded PRNG, enough to spread moments reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outcome {
  /** Exit status as a shell reports it: the code, or 128 + the signal that killed it. */
  status: number;
  stdout: string;
  /** The run ended before the signal was sent. */
  finishedFirst: boolean;
  /** Set when the run had not ended HANG_MS after the signal: its process tree, then killed. */
  hung?: string;
}

/**
 * Starts `nslab run FILE --yes` (tagged: see RUN_TAG_VARIABLE), sends `signal` after
 * `delayMs`, resolves when it ended ('close': it exited and its stdout/stderr are closed by
 * every process holding them), or HANG_MS after the signal with `hung` set and the run's
 * processes killed.
 */
function interruptRun(file: string, delayMs: number, signal: NodeJS.Signals, tag: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/nslab', 'run', file, '--yes'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', [RUN_TAG_VARIABLE]: tag },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const links = child.pid === undefined ? [] : stdioLinks(child.pid);
    current = { tag, links };
    let stdout = '';
    let finishedFirst = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    let watchdog: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      if (child.exitCode !== null || child.signalCode !== null) finishedFirst = true;
      else child.kill(signal);
      watchdog = setTimeout(() => void hang(), HANG_MS);
    }, delayMs);
    const hang = async () => {
      const exited = child.exitCode !== null || child.signalCode !== null;
      const tree = `nslab is pid ${child.pid}${exited ? `, exited (${child.exitCode ?? child.signalCode})` : ''}\n${describeRunTree(tag, links)}`;
      await killRunTree(tag, links);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ status: -1, stdout, finishedFirst, hung: tree });
    };
    child.on('error', reject);
    child.on('close', (code, killedBy) => {
      clearTimeout(timer);
      clearTimeout(watchdog);
      // Its stdio is closed: those links may name another process's socket from now on.
      current = { tag, links: [] };
      if (code === null && killedBy === null) finishedFirst = true;
      resolve({ status: code ?? 128 + signalNumber(killedBy!), stdout, finishedFirst });
    });
  });
}

function signalNumber(name: NodeJS.Signals): number {
  return { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[name as string] ?? 0;
}

/** The run's summary line was printed: it had finished (passed or failed) before the signal. */
function summaryPrinted(stdout: string): 'passed' | 'failed' | undefined {
  if (/^PASSED /m.test(stdout)) return 'passed';
  if (/^FAILED /m.test(stdout)) return 'failed';
  return undefined;
}

describe(`interrupt harness (seed ${SEED}; replay with NSLAB_INTERRUPT_SEED=${SEED})`, () => {
  // A failed or timed-out round leaves nothing running: its tagged processes and the holders of
  // its output are killed (a no-op after a round that ended).
  afterEach(async () => {
    if (current) await killRunTree(current.tag, current.links);
    current = undefined;
  });

  it(`${ROUNDS} interrupted runs of both walkthroughs leave nothing behind`, { timeout: 170_000 }, async () => {
    console.log(`interrupt harness seed ${SEED}`);
    const random = prng(SEED);
    const files = Object.keys(SPAN_MS);
    const tally: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const file = files[round % files.length]!;
      const signal = SIGNALS[Math.floor(random() * SIGNALS.length)]!;
      const delayMs = Math.floor(random() * SPAN_MS[file]!);
      const what = `round ${round}: ${signal} at ${delayMs} ms into ${file} (seed ${SEED})`;
      // Processes and namespaces are those of this run only (tagged through the environment):
      // another nslab on this machine must not count as a leak.
      const tag = randomUUID();
      const before = hostSnapshot(tag);
      const run = await interruptRun(file, delayMs, signal, tag);
      if (run.hung !== undefined) {
        expect.fail(`${what}: hung, not ended ${HANG_MS / 1000} s after the signal; killed:\n${run.hung}\noutput so far:\n${run.stdout}`);
      }
      const left = await waitForClean(before, 2000, tag);
      expect(left, `${what}: left on the host`).toEqual({});
      const summary = summaryPrinted(run.stdout);
      const finished = run.finishedFirst || (summary !== undefined && run.status < 128);
      if (finished) {
        expect(run.status, `${what}: finished\n${run.stdout}`).toBe(summary === 'failed' ? 1 : 0);
      } else {
        // SIGKILL cannot be handled: the shell sees 137; nothing may be left all the same.
        expect(run.status, `${what}: exit status\n${run.stdout}`).toBe(CODE[signal]);
      }
      const key = `${signal}${finished ? ' (after the end)' : ''}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    console.log('interrupt harness:', JSON.stringify(tally));
  });
});
