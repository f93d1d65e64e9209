/**
 * Whom the *Why?* button asks about: the SRC and DST of the current step's first failing ping
 * check (`H1: ping 10.0.2.2 succeeds` → `H1 10.0.2.2`), read from the check as the state gives
 * its text (docs/scenario-format.md, "Checks": `[NAMESPACE:] ping ADDR succeeds|fails`).
 */
import type { CheckView, LessonState } from '../protocol.js';

const PING_CHECK = /^\s*([^\s:]+)\s*:\s*ping\s+(\S+)\s+(?:succeeds|fails)\b/;

/**
 * @param state the lesson's state
 * @returns [SRC, DST] of the current step's first failed ping check with a namespace; null when
 *   there is none (then the page asks the student)
 */
export function whyTarget(state: LessonState | undefined): [string, string] | null {
  const step = state?.steps.find((s) => s.number === state.current);
  const failed: CheckView[] = step?.checks.filter((c) => c.mark === 'failed') ?? [];
  for (const check of failed) {
    const m = PING_CHECK.exec(check.text);
    if (m) return [m[1]!, m[2]!];
  }
  return null;
}
