/**
 * When `why` finds every hop clear but the traffic still fails, rules nslab does not read are
 * the likely cause: a namespace's iptables-legacy rules (read-iptables-legacy.ts), which the
 * walk only warns about. The ping check, a run's `why:` line and the `path` check say so
 * instead of nothing — and never call such a path clear.
 */
import { explain } from './messages.js';
import type { Explanation, FindingOf, WhyResult } from './types.js';

/** The walk's first warning about iptables-legacy rules, if any. */
export function legacyWarning(result: WhyResult): FindingOf<'iptables-legacy'> | undefined {
  return result.warnings.find((w): w is FindingOf<'iptables-legacy'> => w.cause === 'iptables-legacy');
}

/**
 * What explains a failure: `why`'s finding, or, on a path it found clear, the iptables-legacy
 * rules of a namespace it crossed.
 * @returns undefined when `why` found neither
 */
export function failureExplanation(result: WhyResult): Explanation | undefined {
  if (result.explanation) return result.explanation;
  const legacy = legacyWarning(result);
  return legacy && explain(legacy);
}
