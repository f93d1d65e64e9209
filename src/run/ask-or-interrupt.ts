/**
 * Waiting on a person without hanging a run: a prompt can be cancelled (Ctrl-C) or outlived by
 * a SIGTERM or SIGHUP while it waits for a key that will never come.
 */

/**
 * Asks the controller; a prompt cancelled by Ctrl-C (enquirer rejects) or a run aborted while
 * the prompt waits counts as an interrupt.
 * @returns the answer, or `interrupted`
 */
export async function askOrInterrupt<T>(ask: () => Promise<T>, signal: AbortSignal | undefined): Promise<T | 'interrupted'> {
  if (signal?.aborted) return 'interrupted';
  // A SIGTERM or SIGHUP arrives while a prompt waits for a key that will never come.
  let onAbort = () => {};
  const aborted = new Promise<'interrupted'>((resolve) => {
    onAbort = () => resolve('interrupted');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const answer = await Promise.race([ask(), aborted]);
    return signal?.aborted ? 'interrupted' : answer;
  } catch {
    return 'interrupted';
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

