/**
 * How long the lesson page waits before it opens its WebSocket again after it dropped: doubling
 * from half a second to ten, so a restarting server is found quickly and a stopped one is not
 * knocked at many times a second.
 */

/** The first wait, in ms. */
export const FIRST_DELAY_MS = 500;
/** The longest wait, in ms. */
export const MAX_DELAY_MS = 10_000;

/**
 * @param attempt how many reconnections failed in a row before this one (0 for the first)
 * @returns the wait in ms before attempt `attempt`
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt));
}
