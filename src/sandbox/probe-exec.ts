/**
 * An Exec that starts each process from one long-lived "probe" bash inside the sandbox, instead
 * of a new nsenter from Node per process.
 *
 * Why: checks run many short processes (`ip -json ...`, `sysctl -n`, `ping`). Spawning from
 * Node forks the whole Node process and then nsenter has to join four namespaces each time; a
 * fork of a small bash that already lives in the namespaces costs a fifth of that
 * (docs/performance.md, "Costs behind the code"). Each process still runs fresh, in a subshell that `exec`s it, so nothing a probe
 * does can change the probe shell, let alone the scenario's shell session.
 *
 * Protocol per process: `( exec -- ARGV ) </dev/null; printf 'M:%d\n' $? ; printf 'M:0\n' >&2`
 * with the probe's stdout and stderr on separate pipes, so JSON on stdout stays clean; the
 * marker on each pipe ends that stream's part.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { commandEnv, shellQuote } from '../util/child-process.js';
import { childPids, killTrees } from '../util/process-tree.js';
import { CappedOutput } from './capped-output.js';
import { DEFAULT_EXEC_TIMEOUT_MS } from './create-exec.js';
import { MarkerScanner } from './marker-scanner.js';
import type { CommandResult, Exec } from './types.js';

/** One probe bash and the stream readers of the process running in it. */
class Probe {
  readonly marker = `__NSLAB_PROBE_${randomBytes(8).toString('hex')}`;
  readonly exited: Promise<void>;
  private onStdout: (chunk: Buffer) => void = () => {};
  private onStderr: (chunk: Buffer) => void = () => {};
  private gone = false;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly viaFork: boolean,
  ) {
    child.stdin.on('error', () => {}); // EPIPE once it died: seen through 'exit'
    child.stdout.on('data', (c: Buffer) => this.onStdout(c));
    child.stderr.on('data', (c: Buffer) => this.onStderr(c));
    this.exited = new Promise((resolve) =>
      child.on('exit', () => {
        this.gone = true;
        resolve();
      }),
    );
  }

  get alive(): boolean {
    return !this.gone;
  }

  /** Runs one argv; resolves when both streams carried their marker, or the probe died. */
  run(argv: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<CommandResult> {
    if (signal?.aborted) return Promise.resolve({ exitCode: null, output: '', stdout: '', timedOut: false, interrupted: true, durationMs: 0 });
    const started = performance.now();
    const stdout = new CappedOutput();
    const stderr = new CappedOutput();
    const scanners = { out: new MarkerScanner(this.marker), err: new MarkerScanner(this.marker) };
    return new Promise((resolve) => {
      let status: number | null = null;
      let pending = 2;
      let timedOut = false;
      let interrupted = false;
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.onStdout = this.onStderr = () => {};
        const out = stdout.text();
        const exitCode = timedOut || interrupted ? null : status;
        resolve({ exitCode, output: out + stderr.text(), stdout: out, timedOut, ...(interrupted && { interrupted }), durationMs: performance.now() - started });
      };
      const reader = (scanner: MarkerScanner, into: CappedOutput, isStdout: boolean) => (chunk: Buffer) => {
        const r = scanner.push(chunk);
        into.push(r.output);
        if (!r.done) return;
        if (isStdout) status = r.done.status;
        if (--pending === 0) finish();
      };
      this.onStdout = reader(scanners.out, stdout, true);
      this.onStderr = reader(scanners.err, stderr, false);
      void this.exited.then(finish);
      const stop = (): void => {
        // Everything below the probe bash (the subshell and what it started); the bash itself
        // then prints the markers and serves the next call.
        const bash = this.viaFork ? childPids(this.child.pid ?? -1)[0] : this.child.pid;
        if (bash !== undefined) void killTrees([bash], { includeRoots: false, graceMs: 0 });
      };
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, timeoutMs);
      const onAbort = (): void => {
        interrupted = true;
        stop();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const words = argv.map(shellQuote).join(' ');
      this.child.stdin.write(`( exec -- ${words} ) </dev/null; printf '%s:%d\\n' ${this.marker} $?; printf '%s:0\\n' ${this.marker} >&2\n`);
    });
  }

  /** Ends the probe bash: it exits at the end of its input. */
  end(): void {
    this.child.stdin.end();
  }
}

/** How many probe bashes may serve calls at once: the diagnosis and a step's checks read several namespaces in parallel, on a 2-core machine. */
export const MAX_PROBES = 3;

/**
 * Makes an Exec backed by probe bashes started with `shellArgv` (e.g. `nsenter --target PID
 * --net --mount --pid -- bash --noprofile --norc`), the first on first use (or `warm()`), again
 * if it died. A probe serves one call at a time; calls made while every probe is busy start
 * another probe, up to `maxProbes`, which joins once its bash answers (a probe's start, a fork of
 * nsenter and bash, costs about three `ip` processes: a waiting call takes whichever probe is
 * free first); after the first call completes, the pool fills up in the background.
 * Waiting calls are served in the order they were made.
 * @param viaFork true when shellArgv[0] forks the bash (nsenter) rather than being it
 * @param maxProbes at most this many probe bashes at once (default {@link MAX_PROBES}; 1: calls
 *   run strictly one after the other)
 * @returns the Exec; `warm()`, which starts the first probe bash now rather than at the first call,
 *   so that its start overlaps other work; and `close()` which ends every probe (idempotent,
 *   never throws)
 */
export function createProbeExec(shellArgv: readonly string[], viaFork: boolean, maxProbes = MAX_PROBES): { exec: Exec; warm(): void; close(): Promise<void> } {
  const live = new Set<Probe>();
  const idle: Probe[] = [];
  const waiting: Array<(probe: Probe) => void> = [];
  const start = (): Probe => {
    // Its own process group, like the shell session: Ctrl-C reaches nslab alone.
    const child = spawn(shellArgv[0]!, shellArgv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: commandEnv(), detached: true });
    const probe = new Probe(child, viaFork);
    live.add(probe);
    void probe.exited.then(() => {
      live.delete(probe);
      const at = idle.indexOf(probe);
      if (at >= 0) idle.splice(at, 1);
    });
    return probe;
  };
  const release = (probe: Probe): void => {
    const next = waiting.shift();
    if (!next) {
      if (probe.alive) idle.push(probe);
      return;
    }
    // A probe killed by a timeout's clean-up may be gone: the waiting call gets a fresh one.
    next(probe.alive ? probe : start());
  };
  const acquire = (): Promise<Probe> => {
    const free = idle.pop();
    if (free) return Promise.resolve(free);
    if (live.size === 0) return Promise.resolve(start());
    if (live.size < maxProbes) join();
    return new Promise((resolve) => waiting.push(resolve));
  };
  /** Starts another probe, which joins the free ones once its bash answers. */
  const join = (): void => {
    const probe = start();
    void probe.run(['true'], DEFAULT_EXEC_TIMEOUT_MS).then(() => release(probe));
  };
  let filled = false;
  const exec: Exec = async (argv, options = {}) => {
    const probe = await acquire();
    try {
      return await probe.run(argv, options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS, options.signal);
    } finally {
      release(probe);
      // After the first call (a run's first check), the others start in the background, so
      // that the first parallel reads (a diagnosis) do not wait for probes to start.
      if (!filled) {
        filled = true;
        while (live.size < maxProbes) join();
      }
    }
  };
  return {
    exec,
    warm() {
      if (live.size === 0) idle.push(start());
    },
    async close() {
      const probes = [...live];
      live.clear();
      idle.length = 0;
      for (const p of probes) p.end();
      await Promise.all(probes.map((p) => p.exited));
    },
  };
}
