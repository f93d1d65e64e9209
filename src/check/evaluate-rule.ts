/**
 * `[no] rule ... lookup T`: a policy routing rule with exactly the selectors written (ip-rule(8));
 * its priority only when given. A rule with an extra selector is another rule (narrower), so it
 * does not count. The family is the addresses': none given, either family's rules count.
 */
import { formatRule } from '../state/read-rules.js';
import type { RuleInfo } from '../state/types.js';
import { ipFamily } from '../util/cidr.js';
import { describePlace, describeRuleSelector } from './describe-check.js';
import { failedRead, isFailure, type Evaluator } from './evaluate-context.js';
import type { Predicate, RuleSelector } from './model.js';

/** The families whose rules a rule check reads. */
export function ruleFamilies(s: RuleSelector): Array<4 | 6> {
  const address = s.from ?? s.to;
  if (address === undefined) return [4, 6];
  return [ipFamily(address.split('/')[0]!) === 6 ? 6 : 4];
}

function matches(rule: RuleInfo, s: RuleSelector): boolean {
  return (
    (s.priority === undefined || rule.priority === s.priority) && rule.not === s.not && rule.from === s.from && rule.to === s.to &&
    rule.iif === s.iif && rule.oif === s.oif && rule.fwmark === s.fwmark && rule.table === s.table
  );
}

/** `rule ...` / `no rule ...` (see the module comment). */
export const evaluateRule: Evaluator<'rule'> = async (p: Extract<Predicate, { kind: 'rule' }>, ns, reader) => {
  const reads = await Promise.all(ruleFamilies(p.selector).map((family) => reader.rules(ns, family)));
  const failed = reads.find(isFailure);
  if (failed) return failedRead(failed);
  const rules = reads.flatMap((r) => (r.ok ? r.value : []));
  const match = rules.find((r) => matches(r, p.selector));
  const place = describePlace(ns);
  if (match) return { passed: p.present, found: `${place} has rule ${formatRule(match)}` };
  // The rules that are not the kernel's own three (local, main, default), as ip rule lists them.
  const own = rules.filter((r) => !(r.from === undefined && r.to === undefined && !r.not && r.iif === undefined && r.oif === undefined && r.fwmark === undefined && ['local', 'main', 'default'].includes(r.table ?? '')));
  const list = own.length > 0 ? `its rules besides local, main and default: ${own.map(formatRule).join(', ')}` : 'it has only the rules every namespace starts with (local, main, default)';
  return { passed: !p.present, found: `${place} has no rule ${describeRuleSelector(p.selector)}; ${list}` };
};
