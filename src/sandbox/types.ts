/**
 * The contract between the runner and the place where commands run: a private sandbox
 * (network, mount and PID namespaces made with unshare(1)) or the host itself.
 */

/** What a finished command produced. A failed command is data, not an exception. */
export interface CommandResult {
  /** Exit status; null when the command did not end on its own (killed at timeout). */
  exitCode: number | null;
  /** stdout and stderr interleaved, as a terminal would show them. */
  output: string;
  /**
   * stdout alone, for callers that parse it (JSON from `ip -json`), so a warning on stderr
   * cannot corrupt it. Set by {@link Exec}; undefined for shell session commands, whose
   * stderr is merged at the source.
   */
  stdout?: string;
  /** True when it was stopped because it ran past its limit. */
  timedOut: boolean;
  /** True when it was stopped by {@link ShellSession.interrupt} (Ctrl-C, SIGTERM). */
  interrupted?: boolean;
  /** Wall time, in ms. */
  durationMs: number;
  /**
   * Shell session commands only: true when processes that earlier commands left running (`&`
   * jobs, `background` blocks) were alive as this one started — something else may have changed
   * the state while it ran. Absent otherwise.
   */
  jobsRunning?: boolean;
}

/** Options for one command. */
export interface RunOptions {
  /** Limit in ms; the command and its whole process tree are stopped past it. */
  timeoutMs: number;
  /** Called with each piece of output as it arrives (for live streaming). */
  onOutput?: (chunk: string) => void;
}

/**
 * A long-lived shell, as in a terminal: variables, exported environment, functions and the
 * working directory carry from one command to the next.
 */
export interface ShellSession {
  /** Runs one complete shell command (may span lines). Never throws for a failing command. */
  run(command: string, options: RunOptions): Promise<CommandResult>;
  /**
   * Starts a command in the background (output to a log file), returns at once.
   * Background commands are stopped by `close()`.
   */
  runBackground(command: string): Promise<void>;
  /**
   * Stops the running command, if any, with its whole process tree, as Ctrl-C would; its
   * `run` then resolves with `interrupted: true`. The session stays usable.
   */
  interrupt(): void;
  /**
   * The `background` commands that have ended since the last call (a server that could not bind
   * its port, a socat whose peer refused): each once, with its exit status and the end of its
   * output. Cheap when none has ended (a /proc read per job). Never throws.
   */
  backgroundEnded(): Promise<BackgroundExit[]>;
  /** Stops background commands and the shell. Idempotent. */
  close(): Promise<void>;
}

/** A `background` command that ended by itself before the run did. */
export interface BackgroundExit {
  command: string;
  /** Its exit status; null when it was killed by a signal or the status could not be read. */
  exitCode: number | null;
  /** The last lines of its output (stdout and stderr), at most ~2 KB. */
  output: string;
}

/**
 * Runs one argv in a fresh process inside the sandbox (or on the host). Used by checks, which
 * must never change the shell session's state. Never throws for a failing command.
 */
export type Exec = (argv: readonly string[], options?: ExecOptions) => Promise<CommandResult>;

/** Options for one {@link Exec} call. */
export interface ExecOptions {
  /** Limit in ms (default 30 s); the process and its descendants are killed past it. */
  timeoutMs?: number;
  /**
   * Aborting it stops the process as the timeout would; the result then has `interrupted:
   * true` and exit code null (a second Ctrl-C cutting a long cleanup short).
   */
  signal?: AbortSignal;
}

/** Where a run happens. */
export interface Sandbox {
  readonly kind: 'private' | 'host';
  /** Opens the shell session that runs the scenario's commands. */
  openShell(): Promise<ShellSession>;
  /** Runs a fresh process inside (see {@link Exec}). */
  exec: Exec;
  /**
   * Private sandbox only: the argv prefix that runs a program inside its namespaces
   * (`nsenter --target PID --net --mount --pid --`), for a program that needs the terminal
   * itself (the practice shell).
   */
  readonly enter?: readonly string[];
  /**
   * Private sandbox only: the host path of the sandbox's root directory (`/proc/PID/root` of
   * its PID 1), through which nslab reaches files inside it, such as its private `/run/nslab`.
   */
  readonly root?: string;
  /** Stops every process the sandbox started and releases it. Idempotent, never throws. */
  close(): Promise<void>;
}
