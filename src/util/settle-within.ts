/**
 * Waiting for something, but not forever.
 */

/**
 * Waits for `promise` to settle or `ms` to pass, whichever comes first. Unlike a race with
 * `timers/promises.setTimeout`, the timer is cleared as soon as the promise settles, so a
 * finished wait never keeps the process alive until the timer fires.
 * @param ms the longest wait, in ms
 * @returns true when the promise settled in time (fulfilled or rejected), false on timeout
 */
export function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(done, done);
  });
}
