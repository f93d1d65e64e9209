/**
 * Signal handling for commands that run scenarios: SIGINT (Ctrl-C), SIGTERM and SIGHUP (the
 * terminal closed) abort the work, which stops the running command and still runs cleanup.
 * A signal during the scenario's cleanup is held off (cleanup must finish, or the host keeps
 * half a topology) unless the cleanup has already run for {@link CUT_CLEANUP_AFTER_MS}: then
 * it cuts the cleanup short, so a hung cleanup cannot trap the user.
 */
import type { RunEvent, RunListener } from '../run/events.js';
import { ExitCode } from './exit-codes.js';

/** Signals that interrupt a run, and the exit code for each (128 + signal number). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: ExitCode.interrupted,
  SIGTERM: ExitCode.terminated,
  SIGHUP: ExitCode.hangup,
};

/** How long a cleanup runs before a signal may cut it short: 5 s (issue 6). */
export const CUT_CLEANUP_AFTER_MS = 5_000;

/** What the work gets besides the interrupt signal, to let a long cleanup be cut short. */
export interface CleanupGuard {
  /** Fires at a signal that arrives once the cleanup has run {@link CUT_CLEANUP_AFTER_MS}. */
  cleanupSignal: AbortSignal;
  /** Wraps a run listener so the guard sees `cleanup-start` and `cleanup-end`. */
  follow(listener: RunListener): RunListener;
}

/**
 * Runs `work` with an AbortSignal that fires on SIGINT, SIGTERM or SIGHUP.
 * @param work resolves to an exit code, or undefined when it was interrupted; it gets the
 *   signal, and a {@link CleanupGuard} to pass on to `runScenario` (`cleanupSignal`, and its
 *   listener through `follow`).
 * @param notify where the guard's messages go (`cleaning up — ...`): stderr by default.
 * @returns the work's exit code; for an interrupted run, 128 + the first signal's number
 */
export async function withInterrupts(
  work: (signal: AbortSignal, guard: CleanupGuard) => Promise<number | undefined>,
  notify: (text: string) => void = (text) => process.stderr.write(text + '\n'),
): Promise<number> {
  const abort = new AbortController();
  const cut = new AbortController();
  let signalExit: number | undefined;
  let cleanupStarted: number | undefined;
  let held = false;
  const onSignal = (code: number) => {
    signalExit ??= code;
    abort.abort();
    if (cleanupStarted === undefined || cut.signal.aborted) return;
    const seconds = Math.floor((Date.now() - cleanupStarted) / 1000);
    if (Date.now() - cleanupStarted >= CUT_CLEANUP_AFTER_MS) {
      notify(`cleanup cut short after ${seconds} s`);
      cut.abort();
    } else {
      held = true;
      notify(`still cleaning up (${seconds} s) — held off until it is done; after ${CUT_CLEANUP_AFTER_MS / 1000} s, Ctrl-C cuts it short`);
    }
  };
  const guard: CleanupGuard = {
    cleanupSignal: cut.signal,
    follow: (listener) => (event: RunEvent) => {
      if (event.kind === 'cleanup-start') {
        cleanupStarted = Date.now();
        if (abort.signal.aborted) notify(`cleaning up — press Ctrl-C again after ${CUT_CLEANUP_AFTER_MS / 1000} s to cut it short`);
      } else if (event.kind === 'cleanup-end') {
        cleanupStarted = undefined;
        if ((abort.signal.aborted || held) && !cut.signal.aborted) notify('cleanup finished');
      }
      listener(event);
    },
  };
  const handlers = new Map<NodeJS.Signals, () => void>(
    (Object.entries(SIGNAL_EXIT) as Array<[NodeJS.Signals, number]>).map(([name, code]) => [name, () => onSignal(code)]),
  );
  for (const [name, handler] of handlers) process.on(name, handler);
  // A prompt's readline interface that switches a terminal which has just been closed out of
  // raw mode gets EIO, re-emitted as an 'error' event on the interface, inside enquirer, where
  // nobody listens: an uncaught exception. The terminal is gone: the same as the SIGHUP that
  // comes with it. Any other uncaught error is thrown again, as before.
  const onStdinError = () => onSignal(ExitCode.hangup);
  const onUncaught = (error: Error & { code?: string; syscall?: string }) => {
    if (error.code === 'EIO' && error.syscall === 'setRawMode') return onStdinError();
    process.off('uncaughtException', onUncaught);
    process.nextTick(() => {
      throw error;
    });
  };
  process.stdin.on('error', onStdinError);
  process.on('uncaughtException', onUncaught);
  try {
    return (await work(abort.signal, guard)) ?? signalExit ?? ExitCode.interrupted;
  } finally {
    for (const [name, handler] of handlers) process.off(name, handler);
    // An abandoned prompt (SIGTERM while it waited) may have left the terminal in raw mode.
    try {
      if (process.stdin.isTTY) process.stdin.setRawMode(false);
    } catch {
      // EIO: the terminal was closed; there is no mode left to restore
    }
    process.stdin.pause();
    process.stdin.off('error', onStdinError);
    process.off('uncaughtException', onUncaught);
  }
}
