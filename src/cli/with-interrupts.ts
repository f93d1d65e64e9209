/**
 * Signal handling for commands that run scenarios: SIGINT (Ctrl-C), SIGTERM and SIGHUP (the
 * terminal closed) abort the work, which stops the running command and still runs cleanup.
 */
import { ExitCode } from './exit-codes.js';

/** Signals that interrupt a run, and the exit code for each (128 + signal number). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: ExitCode.interrupted,
  SIGTERM: ExitCode.terminated,
  SIGHUP: ExitCode.hangup,
};

/**
 * Runs `work` with an AbortSignal that fires on SIGINT, SIGTERM or SIGHUP.
 * @param work resolves to an exit code, or undefined when it was interrupted
 * @returns the work's exit code; for an interrupted run, 128 + the signal's number
 */
export async function withInterrupts(work: (signal: AbortSignal) => Promise<number | undefined>): Promise<number> {
  const abort = new AbortController();
  let signalExit: number = ExitCode.interrupted;
  const handlers = new Map<NodeJS.Signals, () => void>(
    (Object.entries(SIGNAL_EXIT) as Array<[NodeJS.Signals, number]>).map(([name, code]) => [
      name,
      () => {
        signalExit = code;
        abort.abort();
      },
    ]),
  );
  for (const [name, handler] of handlers) process.on(name, handler);
  try {
    return (await work(abort.signal)) ?? signalExit;
  } finally {
    for (const [name, handler] of handlers) process.off(name, handler);
    // An abandoned prompt (SIGTERM while it waited) may have left the terminal in raw mode.
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    process.stdin.pause();
  }
}
