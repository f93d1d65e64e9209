/**
 * `run --show-topology` / `--show-changes`: the state of the emulation before and after each
 * step, emitted as a `step-state` event for reporters to draw or diff. One read (about a
 * dozen `ip` processes for the seed scenarios) per step; the state after a step is the
 * state before the next, so it is never read twice. Runs without these flags never create a
 * watcher and read nothing.
 */
import type { Step } from '../scenario/model.js';
import type { Exec } from '../sandbox/types.js';
import { readNetworkState, type NetworkState } from '../topology/network-state.js';
import type { RunListener } from './events.js';

/** Reads the state around steps. */
export interface StateWatcher {
  /** Reads the state before a step (at once if the last read is still current). */
  before(): Promise<void>;
  /** Reads the state after a step's attempt and emits `step-state` with both reads. */
  after(step: Step): Promise<void>;
}

/**
 * @param exec the sandbox's (or host's) exec.
 * @param emit where the `step-state` events go.
 * @throws EnvironmentError from its methods when the root namespace cannot be read.
 */
export function createStateWatcher(exec: Exec, emit: RunListener): StateWatcher {
  let last: NetworkState | undefined;
  return {
    async before() {
      last ??= await readNetworkState(exec);
    },
    async after(step) {
      const before = last ?? (await readNetworkState(exec));
      const after = await readNetworkState(exec);
      last = after;
      emit({ kind: 'step-state', step, before, after });
    },
  };
}
