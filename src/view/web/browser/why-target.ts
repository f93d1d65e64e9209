/**
 * Whom the *Why?* button asks about: the SRC and DST of a ping check of the current step
 * (`H1: ping 10.0.2.2 succeeds` → `H1 10.0.2.2`), read from the check as the state gives its
 * text (docs/scenario-format.md, "Checks": `[NAMESPACE:] ping ADDR succeeds|fails`).
 */
import type { LessonState } from '../protocol.js';

const PING_CHECK = /^\s*([^\s:]+)\s*:\s*ping\s+(\S+)\s+(?:succeeds|fails)\b/;

/** A ping check's SRC and DST, and whether that check failed (then the page asks at once). */
export interface WhyTarget {
  src: string;
  dst: string;
  /** The check failed at the last verification: *Why?* asks about it without a question. */
  failed: boolean;
}

/**
 * @param state the lesson's state
 * @returns the current step's first failed ping check with a namespace, else its first one that
 *   does not hold yet (not checked, not passed: the page offers it in the dialog); null when the
 *   step has none (then the page asks the student)
 */
export function whyTarget(state: LessonState | undefined): WhyTarget | null {
  const step = state?.steps.find((s) => s.number === state.current);
  const pings = (step?.checks ?? [])
    .filter((c) => c.mark !== 'passed')
    .map((c) => ({ m: PING_CHECK.exec(c.text), failed: c.mark === 'failed' }))
    .filter((p): p is { m: RegExpExecArray; failed: boolean } => p.m !== null);
  const chosen = pings.find((p) => p.failed) ?? pings[0];
  return chosen ? { src: chosen.m[1]!, dst: chosen.m[2]!, failed: chosen.failed } : null;
}
