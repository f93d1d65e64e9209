/**
 * `[no] rule ... lookup T`: a policy routing rule with exactly the selectors written (ip-rule(8));
 * its priority only when given. A rule with an extra selector is another rule (narrower), so it
 * does not count. The family is the addresses': none given, either family's rules count. Tables
 * are compared by number, T's looked up in rt_tables when it is a name (routing-table.ts).
 */
import { formatRule } from '../state/read-rules.js';
import { describeTable, STANDARD_TABLES } from '../state/read-table-names.js';
import type { RuleInfo } from '../state/types.js';
import { ipFamily } from '../util/cidr.js';
import { describePlace, describeRuleSelector } from './describe-check.js';
import { failedRead, isFailure, type Evaluator } from './evaluate-context.js';
import type { Predicate, RuleSelector } from './model.js';
import { resolveTable } from './routing-table.js';

/** The families whose rules a rule check reads. */
export function ruleFamilies(s: RuleSelector): Array<4 | 6> {
  const address = s.from ?? s.to;
  if (address === undefined) return [4, 6];
  return [ipFamily(address.split('/')[0]!) === 6 ? 6 : 4];
}

/** Whether a rule has the selectors of `s`, and looks up `table` (as read-table-names.ts keeps tables). */
function matches(rule: RuleInfo, s: RuleSelector, table: string): boolean {
  return (
    (s.priority === undefined || rule.priority === s.priority) && rule.not === s.not && rule.from === s.from && rule.to === s.to &&
    rule.iif === s.iif && rule.oif === s.oif && rule.fwmark === s.fwmark && rule.table === table
  );
}

/** `rule ...` / `no rule ...` (see the module comment). */
export const evaluateRule: Evaluator<'rule'> = async (p: Extract<Predicate, { kind: 'rule' }>, ns, reader) => {
  const [table, ...reads] = await Promise.all([resolveTable(p.selector.table, ns, reader), ...ruleFamilies(p.selector).map((family) => reader.rules(ns, family))]);
  const failed = reads.find(isFailure);
  if (failed) return failedRead(failed);
  if (!table.ok) return table.verdict;
  const { names } = table.value;
  const rules = reads.flatMap((r) => (r.ok ? r.value : []));
  const match = rules.find((r) => matches(r, p.selector, table.value.table));
  const place = describePlace(ns);
  if (match) return { passed: p.present, found: `${place} has rule ${formatRule(match, names)}` };
  // The rules that are not the kernel's own three (local, main, default), as ip rule lists them.
  const own = rules.filter((r) => !(r.from === undefined && r.to === undefined && !r.not && r.iif === undefined && r.oif === undefined && r.fwmark === undefined && [...STANDARD_TABLES.values()].includes(r.table ?? '')));
  const list = own.length > 0 ? `its rules besides local, main and default: ${own.map((r) => formatRule(r, names)).join(', ')}` : 'it has only the rules every namespace starts with (local, main, default)';
  const wanted = describeRuleSelector({ ...p.selector, table: describeTable(table.value.table, names) });
  return { passed: !p.present, found: `${place} has no rule ${wanted}; ${list}` };
};
