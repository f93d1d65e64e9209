/**
 * One bash process behind a shell session: spawning it, its startup handshake, and the pid of
 * the bash itself (which is not the spawned pid when nsenter sits in between).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EnvironmentError } from '../util/errors.js';
import { childPids } from '../util/process-tree.js';
import { commandEnv } from '../util/child-process.js';
import { MarkerScanner } from './marker-scanner.js';
import { watchGroup, type GroupWatcher } from './group-watcher.js';

/**
 * Settings applied once per shell: stderr joins stdout (so the shell's own messages reach the
 * same pipe), no job control, no prompts.
 */
const STARTUP = 'exec 2>&1; set +m; unset PS1 PS2 PROMPT_COMMAND';

/** A running `bash --noprofile --norc` with piped stdin and stdout. */
export class ShellProcess {
  /** Called with every stdout chunk after the startup handshake. */
  onData: (chunk: Buffer) => void = () => {};
  /** Called once when the shell has ended and its output was read: exit status or null. */
  onExit: (status: number | null) => void = () => {};
  /** Resolves when the shell has ended. */
  readonly exited: Promise<void>;
  private ended = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    /** Host pid of the bash process itself. */
    readonly bashPid: number,
    private readonly viaFork: boolean,
    /** Kills the shell's process group if nslab dies first (host shells only). */
    private readonly watcher?: GroupWatcher,
  ) {
    this.exited = new Promise((resolve) => {
      let status: number | null = null;
      let drain: NodeJS.Timeout | undefined;
      const end = (): void => {
        clearTimeout(drain);
        if (this.ended) return;
        this.ended = true;
        this.watcher?.stop();
        this.onExit(status);
        resolve();
      };
      child.on('exit', (code) => {
        status = code;
        // 'close' waits for every holder of the stdout pipe, and a background job started with
        // `&` keeps it open forever: give the pipe a moment to drain, then call it ended.
        drain = setTimeout(end, 50);
      });
      child.on('close', end);
    });
  }

  /**
   * Starts a shell and waits until it has applied {@link STARTUP}.
   * @param argv the full command, e.g. `['nsenter', ..., '--', 'bash', '--noprofile', '--norc']`.
   * @param viaFork true when argv[0] forks the bash (nsenter --pid does): the bash is then the
   *   spawned process's only child.
   * @param marker the session's end-of-command marker word.
   * @param guardGroup when nslab dies, kill the shell's process group — the shell and the
   *   command it runs — (see group-watcher.ts): for a shell outside any PID namespace of nslab's.
   * @throws EnvironmentError when the shell cannot be started (message includes its stderr).
   */
  static async start(argv: readonly string[], viaFork: boolean, marker: string, guardGroup = false): Promise<ShellProcess> {
    // Its own process group, so that Ctrl-C at the terminal reaches nslab alone (see interrupt()).
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: commandEnv(), detached: true });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => {}); // EPIPE when the shell died; seen through 'exit' instead
    const ready = await new Promise<boolean>((resolve) => {
      const scanner = new MarkerScanner(marker);
      const onData = (chunk: Buffer): void => {
        if (scanner.push(chunk).done) {
          child.stdout.off('data', onData);
          resolve(true);
        }
      };
      child.stdout.on('data', onData);
      child.on('error', () => resolve(false));
      child.on('exit', () => resolve(false));
      child.stdin.write(`${STARTUP}; printf '%s:%d\\n' "${marker}" 0\n`);
    });
    const bashPid = viaFork ? childPids(child.pid ?? -1)[0] : child.pid;
    if (!ready || bashPid === undefined) {
      child.kill('SIGKILL');
      throw new EnvironmentError(
        `nslab could not start a shell (${argv.join(' ')}): ${stderr.trim() || 'it exited at once'}`,
      );
    }
    // `detached` made the spawned process a session and group leader: the group is its pid.
    const shell = new ShellProcess(child, bashPid, viaFork, guardGroup ? watchGroup(child.pid!) : undefined);
    child.stdout.on('data', (chunk: Buffer) => shell.onData(chunk));
    return shell;
  }

  /** True until the shell has ended. */
  get alive(): boolean {
    return !this.ended;
  }

  /** Writes one protocol line (must end with a newline) to the shell's stdin. */
  send(line: string): void {
    if (!this.child.stdin.destroyed) this.child.stdin.write(line);
  }

  /** Closes stdin: bash exits at end of input after the current command. */
  endInput(): void {
    this.child.stdin.end();
  }

  /**
   * SIGKILLs the bash. A forking prefix (nsenter) is left to reap it and exit by itself: killed
   * first, it would orphan the bash outside its PID namespace, to the host's init, and the
   * sandbox's PID 1 would wait for that zombie when it exits (kernel/pid_namespace.c).
   */
  kill(): void {
    for (const pid of this.viaFork ? [this.bashPid] : [this.bashPid, this.child.pid]) {
      try {
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
