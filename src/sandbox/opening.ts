/**
 * A private sandbox being opened, with the means to give it up before it is open: the CLI
 * starts opening it before it knows whether the run will be interrupted, and a Ctrl-C while PID 1
 * is still mounting must not wait for the opening to finish.
 */
import type { Sandbox } from './types.js';

/** A sandbox being opened (the promise of openPrivateSandbox) and how to give it up. */
export interface SandboxOpening {
  /** Resolves to the open sandbox; rejects with InterruptedError once given up in time. */
  sandbox: Promise<Sandbox>;
  /** Gives the opening up (its keeper killed): a no-op once the sandbox is open. Idempotent. */
  giveUp(): void;
}

/**
 * Starts opening a sandbox with an AbortSignal that {@link SandboxOpening.giveUp} fires.
 * @param open opens the sandbox, e.g. `(signal) => openPrivateSandbox({ signal })`
 */
export function startOpening(open: (signal: AbortSignal) => Promise<Sandbox>): SandboxOpening {
  const abort = new AbortController();
  return { sandbox: open(abort.signal), giveUp: () => abort.abort() };
}
