/**
 * nslab's exit codes, the same for every command.
 */
export const ExitCode = {
  /** Every step passed. */
  ok: 0,
  /** A step failed (or the run was quit before the end). */
  failed: 1,
  /** Bad scenario file or bad command line. */
  usage: 2,
  /** The machine cannot run it: missing program, no privilege, a service that cannot start. */
  environment: 3,
  /** A bug in nslab itself (EX_SOFTWARE in sysexits.h). */
  internal: 70,
  /** Interrupted by SIGHUP, the terminal closed (128 + 1). */
  hangup: 129,
  /** Interrupted by SIGINT (128 + 2, the shell convention). */
  interrupted: 130,
  /** Interrupted by SIGTERM (128 + 15). */
  terminated: 143,
} as const;
