/**
 * The shell session: one long-lived bash that runs a scenario's commands as a terminal would.
 *
 * Protocol per command: the shell gets
 *   `{ __nslab_command='TEXT'; eval "..."; } </dev/null 2>&1; printf '%s:%d\n' "__NSLAB_<nonce>" "$?"`
 * (see evalCommand). eval in the shell itself keeps variables, functions, exported environment
 * and cwd; `</dev/null` keeps a command that reads stdin from eating the protocol; the marker
 * ends the output and carries the exit status. Nothing is spawned or written per command.
 *
 * node:child_process rather than zx: the session needs a pipe kept open for its lifetime and
 * the pid of the bash itself; zx's ProcessPromise is built around one command that ends.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { shellQuote } from '../util/child-process.js';
import { settleWithin } from '../util/settle-within.js';
import { childPids, descendantPids, isAlive, killTrees } from '../util/process-tree.js';
import { CappedOutput } from './capped-output.js';
import { MarkerScanner } from './marker-scanner.js';
import { ShellProcess } from './shell-process.js';
import type { BackgroundExit, CommandResult, RunOptions, ShellSession } from './types.js';

/** Appended to the output when a command did not give control back and the shell was replaced. */
export const RESTART_NOTE = 'nslab: the shell had to be restarted; variables and the working directory were reset\n';
/** Appended to the output of a command that made the shell exit (`exit`, `set -e`). */
export const EXIT_NOTE = 'nslab: the shell exited; the next command starts a new shell (variables and the working directory are reset)\n';

/**
 * Shell code that runs `command` in the current shell. The text travels in the protocol line
 * itself, single-quoted (POSIX quoting: `'` becomes `'\''`), so no file is written per command
 * and none can be left behind. `eval` keeps variables, functions and cwd as a terminal does,
 * and its errors read `bash: ...` (a sourced file's would carry the file's path). The variable
 * is unset before the command runs, so the command never sees it.
 */
function evalCommand(command: string): string {
  return `{ __nslab_command=${shellQuote(command)}; eval "unset __nslab_command; $__nslab_command"; }`;
}

/** The end of a background command's output kept when it ends, in bytes. */
const TAIL_BYTES = 2048;
/** Separates the exit status from the output when both are read in one command. */
const EXIT_END = '__nslab_exit_end__';

/** Most output kept from `&` jobs between two commands (the oldest is dropped first). */
const STRAY_CAP_BYTES = 64 * 1024;

/** How a command's wait ended. */
type End = { kind: 'marker'; status: number } | { kind: 'exit'; status: number | null } | { kind: 'restarted' };

/** The command currently waiting for its marker. */
interface Pending {
  scanner: MarkerScanner;
  emit: (bytes: Buffer) => void;
  finish: (end: End) => void;
}

/** How to start a shell session. */
export interface ShellSessionOptions {
  /** True when argv[0] forks the bash rather than exec'ing it (nsenter). */
  viaFork: boolean;
  /**
   * Kill each shell's process group (the shell and its commands) if nslab dies, SIGKILL
   * included (see group-watcher.ts). For host shells: the sandbox's PID namespace does it there.
   */
  guardGroup?: boolean;
  /**
   * A directory, as the shell sees it, for the output of `background` commands, that vanishes
   * by itself (the private sandbox's own tmpfs): then nothing is left even if nslab is
   * SIGKILLed. Default: a fresh `/tmp/nslab-*` on the host, removed by close().
   */
  logDir?: string;
}

/**
 * Opens a shell session.
 * @param argv command that starts bash, e.g. `['bash', '--noprofile', '--norc']` or the same
 *   behind `nsenter --target PID --net --mount --pid --`.
 * @param options see {@link ShellSessionOptions}
 * @returns a started session (the first shell is up, so a broken environment fails here).
 * @throws EnvironmentError when the shell cannot be started.
 */
export async function openShellSession(argv: readonly string[], options: ShellSessionOptions): Promise<ShellSession> {
  const session = new Session(argv, options.viaFork, options.logDir, options.guardGroup);
  try {
    await session.start();
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}

class Session implements ShellSession {
  private readonly marker = `__NSLAB_${randomBytes(8).toString('hex')}`;
  private shell: ShellProcess | undefined;
  private pending: Pending | undefined;
  /** Output that arrived between commands (from `&` jobs): shown with the next command. */
  private stray: Buffer[] = [];
  /** Host pids of runBackground jobs. */
  private readonly background: number[] = [];
  /** Background jobs not yet reported as ended: their command, host pid and log (as the shell sees it). */
  private readonly jobs: Array<{ command: string; pid: number; log: string }> = [];
  private queue: Promise<unknown> = Promise.resolve();
  private counter = 0;
  /** Where background commands write their output on the host; made on first use, removed by close(). */
  private logDir: string | undefined;
  private closing: Promise<void> | undefined;
  /** Stops the command now running; set while one runs. */
  private stopCurrent: (() => void) | undefined;

  constructor(
    private readonly argv: readonly string[],
    private readonly viaFork: boolean,
    private readonly sandboxLogDir?: string,
    private readonly guardGroup = false,
  ) {}

  async start(): Promise<ShellProcess> {
    const shell = await ShellProcess.start(this.argv, this.viaFork, this.marker, this.guardGroup);
    shell.onData = (chunk) => this.onData(shell, chunk);
    shell.onExit = (status) => this.onExit(shell, status);
    this.shell = shell;
    return shell;
  }

  run(command: string, options: RunOptions): Promise<CommandResult> {
    return this.enqueue(() => this.runNow(command, options));
  }

  runBackground(command: string): Promise<void> {
    return this.enqueue(() => this.startBackground(command));
  }

  interrupt(): void {
    this.stopCurrent?.();
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /** Serializes use of the one shell; a failed call does not block the next. */
  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('nslab: the shell session is closed'));
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => {});
    return next;
  }

  private async runNow(command: string, { timeoutMs, onOutput }: RunOptions): Promise<CommandResult> {
    const started = performance.now();
    if (this.closing) throw new Error('nslab: the shell session is closed');
    const shell = this.shell ?? (await this.start());
    // Processes already there (earlier `&` jobs, background jobs) survive this command's timeout.
    const before = new Set(descendantPids(shell.bashPid));
    const kept = new CappedOutput();
    const decoder = new StringDecoder('utf8');
    const emit = (bytes: Buffer): void => {
      if (bytes.length === 0) return;
      kept.push(bytes);
      const text = decoder.write(bytes);
      if (text && onOutput) onOutput(text);
    };
    for (const bytes of this.stray.splice(0)) emit(bytes);
    const ended = new Promise<End>((finish) => {
      this.pending = { scanner: new MarkerScanner(this.marker), emit, finish };
    });
    shell.send(`${evalCommand(command)} </dev/null 2>&1; printf '%s:%d\\n' "${this.marker}" "$?"\n`);
    let timedOut = false;
    let interrupted = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void this.stopRunaway(shell, before, ended);
    }, timeoutMs);
    this.stopCurrent = () => {
      if (timedOut || interrupted) return;
      interrupted = true;
      void this.stopRunaway(shell, before, ended);
    };
    const end = await ended;
    this.stopCurrent = undefined;
    clearTimeout(timer);
    if (end.kind === 'exit') emit(Buffer.from(EXIT_NOTE));
    if (end.kind === 'restarted') emit(Buffer.from(RESTART_NOTE));
    const rest = decoder.end();
    if (rest && onOutput) onOutput(rest);
    return {
      exitCode: timedOut || interrupted || end.kind === 'restarted' ? null : end.status,
      output: kept.text(),
      timedOut,
      interrupted,
      durationMs: performance.now() - started,
      ...(before.size > 0 && { jobsRunning: true }),
    };
  }

  /**
   * At the timeout: stop what the command started (SIGINT as Ctrl-C would, SIGTERM 500 ms later,
   * SIGKILL 500 ms after that; a ping stopped so still prints what it saw); the shell then
   * prints the marker. A shell busy in a builtin loop never does: after 1 s more it is killed
   * and replaced (lazily, by the next command).
   */
  private async stopRunaway(shell: ShellProcess, before: ReadonlySet<number>, ended: Promise<End>): Promise<void> {
    await killTrees(descendantPids(shell.bashPid, before), { graceMs: 500, interruptFirst: true });
    const done = await settleWithin(ended, 1000);
    if (done || this.shell !== shell || !this.pending) return;
    const pending = this.pending;
    this.pending = undefined;
    this.shell = undefined;
    await killTrees([shell.bashPid], { graceMs: 0, skip: new Set(this.background) });
    shell.kill();
    pending.emit(pending.scanner.flush());
    pending.finish({ kind: 'restarted' });
  }

  private async startBackground(command: string): Promise<void> {
    if (this.closing) throw new Error('nslab: the shell session is closed');
    const shell = this.shell ?? (await this.start());
    const dir = this.sandboxLogDir ?? (this.logDir ??= await mkdtemp(join(tmpdir(), 'nslab-')));
    // The marker keeps two sessions of one sandbox from sharing a log name.
    const log = join(dir, `background-${this.marker.slice(-8)}-${++this.counter}.log`);
    const before = new Set(childPids(shell.bashPid));
    const ended = new Promise<End>((finish) => {
      this.pending = { scanner: new MarkerScanner(this.marker), emit: (b) => this.keepStray(b), finish };
    });
    // The outer subshell outlives the command only to record its exit status beside the log.
    shell.send(`( ( ${evalCommand(command)} ) </dev/null >'${log}' 2>&1; echo "$?" >'${log}.exit' ) & printf '%s:%d\\n' "${this.marker}" "$!"\n`);
    // `&` forks before printf runs, so once the marker is in, the job is among bash's children.
    await settleWithin(ended, 5000);
    for (const pid of childPids(shell.bashPid)) {
      if (before.has(pid)) continue;
      this.background.push(pid);
      this.jobs.push({ command, pid, log });
    }
  }

  backgroundEnded(): Promise<BackgroundExit[]> {
    const ended = this.jobs.filter((j) => !isAlive(j.pid));
    if (ended.length === 0 || this.closing) return Promise.resolve([]);
    for (const job of ended) this.jobs.splice(this.jobs.indexOf(job), 1);
    // Read through the shell: the log lives where the shell sees it (the sandbox's own /run).
    return Promise.all(
      ended.map(async ({ command, log }): Promise<BackgroundExit> => {
        const read = await this.run(`cat '${log}.exit' 2>/dev/null; echo ${EXIT_END}; tail -c ${TAIL_BYTES} '${log}' 2>/dev/null`, { timeoutMs: 5000 }).catch(() => undefined);
        const [status = '', output = ''] = (read?.output ?? '').split(`${EXIT_END}\n`);
        const code = /^\d+$/.test(status.trim()) ? Number(status.trim()) : null;
        // 128+N: the command was killed by signal N (bash(1), EXIT STATUS).
        return { command, exitCode: code, output: output.replace(/^[^\n]*\n/, (line) => (output.length >= TAIL_BYTES ? '' : line)) };
      }),
    );
  }

  private onData(shell: ShellProcess, chunk: Buffer): void {
    if (shell !== this.shell) return;
    const pending = this.pending;
    if (!pending) {
      this.keepStray(chunk);
      return;
    }
    const result = pending.scanner.push(chunk);
    pending.emit(result.output);
    if (result.done) {
      this.pending = undefined;
      if (result.done.rest.length > 0) this.keepStray(result.done.rest);
      pending.finish({ kind: 'marker', status: result.done.status });
    }
  }

  /** Keeps output that arrived between commands, at most the last {@link STRAY_CAP_BYTES}. */
  private keepStray(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.stray.push(bytes);
    let total = this.stray.reduce((n, b) => n + b.length, 0);
    while (total > STRAY_CAP_BYTES && this.stray.length > 1) total -= this.stray.shift()!.length;
  }

  private onExit(shell: ShellProcess, status: number | null): void {
    if (shell !== this.shell) return;
    this.shell = undefined;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      pending.emit(pending.scanner.flush());
      pending.finish({ kind: 'exit', status });
    }
  }

  private async shutDown(): Promise<void> {
    await killTrees(this.background, { graceMs: 500 });
    const shell = this.shell;
    if (shell) {
      await killTrees([shell.bashPid], { includeRoots: false, graceMs: 500 });
      shell.endInput();
      await settleWithin(shell.exited, 500);
      shell.kill();
      await shell.exited;
    }
    await this.queue;
    if (this.logDir) await rm(this.logDir, { recursive: true, force: true });
  }
}
