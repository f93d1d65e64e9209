/** What every predicate evaluator is given and returns. */
import type { ExitedServer } from '../diagnose/types.js';
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
 * What the run knows beyond the live state, for the evaluators that can say more with it: the
 * scenario's `background` servers that have exited (a `tcp ... accepts` refused, a `process`
 * not running, a port nobody listens on, because the server meant for it died).
 */
export interface CheckSession {
  /**
   * The `background` commands seen to end by themselves so far (asked only when a check fails:
   * a server that failed to bind may have died after the step's last command).
   */
  exitedServers(): Promise<readonly ExitedServer[]>;
}

/** A session that knows of no background command (`nslab check`, a precheck). */
export const NO_EXITED_SERVERS: CheckSession = { exitedServers: async () => [] };

/**
 * Evaluates one kind of predicate.
 * @param predicate the predicate, narrowed to the kind.
 * @param ns the check's namespace; undefined = the sandbox's root namespace.
 * @param reader state source for this round (memoized).
 * @param session what the run knows besides the state (see {@link CheckSession}).
 * @returns a Verdict; never throws for a state problem (missing namespace, failing tool).
 */
export type Evaluator<K extends PredicateKind> = (
  predicate: Extract<Predicate, { kind: K }>,
  ns: string | undefined,
  reader: StateReader,
  session: CheckSession,
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
