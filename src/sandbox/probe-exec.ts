/**
 * An Exec that starts each process from one long-lived "probe" bash inside the sandbox, instead
 * of a new nsenter from Node per process.
 *
 * Why: checks run many short processes (`ip -json ...`, `sysctl -n`, `ping`). Spawning from
 * Node forks the whole Node process and then nsenter has to join four namespaces each time
 * (~5 ms a process here); a fork of a small bash that already lives in the namespaces costs
 * about 1 ms. Each process still runs fresh, in a subshell that `exec`s it, so nothing a probe
 * does can change the probe shell, let alone the scenario's shell session.
 *
 * Protocol per process: `( exec -- ARGV ) </dev/null; printf 'M:%d\n' $? ; printf 'M:0\n' >&2`
 * with the probe's stdout and stderr on separate pipes, so JSON on stdout stays clean; the
 * marker on each pipe ends that stream's part.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { childPids, killTrees } from '../util/process-tree.js';
import { CappedOutput } from './capped-output.js';
import { commandEnv, DEFAULT_EXEC_TIMEOUT_MS } from './create-exec.js';
import { MarkerScanner } from './marker-scanner.js';
import type { CommandResult, Exec } from './types.js';

/** POSIX single quoting: the word arrives in the process exactly as given. */
function quote(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

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
      const words = argv.map(quote).join(' ');
      this.child.stdin.write(`( exec -- ${words} ) </dev/null; printf '%s:%d\\n' ${this.marker} $?; printf '%s:0\\n' ${this.marker} >&2\n`);
    });
  }

  /** Ends the probe bash: it exits at the end of its input. */
  end(): void {
    this.child.stdin.end();
  }
}

/**
 * Makes an Exec backed by a probe bash started with `shellArgv` (e.g. `nsenter --target PID
 * --net --mount --pid -- bash --noprofile --norc`), started on first use and again if it died.
 * Calls are served one at a time, in order.
 * @param viaFork true when shellArgv[0] forks the bash (nsenter) rather than being it
 * @returns the Exec; `warm()`, which starts the probe bash now rather than at the first call,
 *   so that its start (a fork of nsenter, then bash: ~10 ms) overlaps other work; and `close()`
 *   which ends the probe (idempotent, never throws)
 */
export function createProbeExec(shellArgv: readonly string[], viaFork: boolean): { exec: Exec; warm(): void; close(): Promise<void> } {
  let probe: Probe | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const start = (): Probe => {
    // Its own process group, like the shell session: Ctrl-C reaches nslab alone.
    const child = spawn(shellArgv[0]!, shellArgv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: commandEnv(), detached: true });
    return new Probe(child, viaFork);
  };
  const exec: Exec = (argv, options = {}) => {
    const job = queue.then(() => {
      if (!probe?.alive) probe = start();
      return probe.run(argv, options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS, options.signal);
    });
    queue = job.catch(() => {});
    return job;
  };
  return {
    exec,
    warm() {
      if (!probe?.alive) probe = start();
    },
    async close() {
      const p = probe;
      probe = undefined;
      if (!p) return;
      p.end();
      await p.exited;
    },
  };
}
