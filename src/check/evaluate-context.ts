/** What every predicate evaluator is given and returns. */
import type { StateFailure, StateResult } from '../state/types.js';
import type { StateReader } from '../state/state-reader.js';
import type { Predicate, PredicateKind } from './model.js';

/** One evaluation's outcome: whether it holds, and what was found, in the field's terms. */
export interface Verdict {
  passed: boolean;
  /** e.g. `net.ipv4.ip_forward = 0`, `link s-eth1 is DOWN`, `namespace H1 does not exist`. */
  found: string;
}

/**
 * Evaluates one kind of predicate.
 * @param predicate the predicate, narrowed to the kind.
 * @param ns the check's namespace; undefined = the sandbox's root namespace.
 * @param reader state source for this round (memoized).
 * @returns a Verdict; never throws for a state problem (missing namespace, failing tool).
 */
export type Evaluator<K extends PredicateKind> = (
  predicate: Extract<Predicate, { kind: K }>,
  ns: string | undefined,
  reader: StateReader,
) => Promise<Verdict>;

/** The failure of a state read as a failing verdict: `namespace H1 does not exist`, or the tool's message. */
export function failedRead(failure: StateFailure): Verdict {
  return {
    passed: false,
    found: failure.reason === 'no-such-namespace' ? `namespace ${failure.namespace} does not exist` : failure.message,
  };
}

/** Type guard: true when a read failed (to return {@link failedRead} early). */
export function isFailure<T>(read: StateResult<T>): read is StateFailure {
  return !read.ok;
}
