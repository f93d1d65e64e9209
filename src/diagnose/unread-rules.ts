/**
 * When `why` finds every hop clear but the traffic still fails, what nslab could not decide is
 * the likely cause: a namespace's iptables-legacy rules (read-iptables-legacy.ts), a firewall
 * rule that may drop, a policy routing rule whose match it cannot decide — each of which the
 * walk only warns about. The ping check, a run's `why:` line and the `path` check say so
 * instead of nothing — and never call such a path clear.
 */
import { explain } from './messages.js';
import type { Explanation, FindingOf, WhyResult } from './types.js';

/** A warning that leaves a clear path undecided: rules nslab does not read, or a match it cannot decide. */
export type Doubt = FindingOf<'iptables-legacy'> | FindingOf<'rule-undecided'> | FindingOf<'firewall-drops'>;

/** The walk's first warning that leaves the path undecided (iptables-legacy rules, a rule that may drop, an undecidable policy routing rule), if any. */
export function undecidedWarning(result: WhyResult): Doubt | undefined {
  return result.warnings.find((w): w is Doubt => w.cause === 'iptables-legacy' || w.cause === 'rule-undecided' || (w.cause === 'firewall-drops' && !w.certain));
}

/**
 * What explains a failure: `why`'s finding, or, on a path it found clear, what it could not
 * decide on the way (see {@link undecidedWarning}).
 * @returns undefined when `why` found neither
 */
export function failureExplanation(result: WhyResult): Explanation | undefined {
  if (result.explanation) return result.explanation;
  const doubt = undecidedWarning(result);
  return doubt && explain(doubt);
}
