/**
 * A sandbox that is still being opened, closed as soon as it is open.
 */
import type { Sandbox } from './types.js';

/**
 * Closes a sandbox being opened, once it is open; one that failed to open needs nothing.
 * Safe to call more than once: Sandbox.close() is.
 * @param opening the promise of openPrivateSandbox(), or undefined (nothing to do)
 */
export async function closeOpening(opening: Promise<Sandbox> | undefined): Promise<void> {
  await opening?.then((sandbox) => sandbox.close(), () => {});
}
