/**
 * Turning a `template` check (`blue: ping $ADDR succeeds`) into the check it stands for, with
 * the values of the session's variables: expanded, then parsed as any check line.
 */
import type { Check } from './model.js';
import { parseExpandedCheck } from './parse-check.js';
import { expandVariables, findVariables, type SessionVariables } from './session-variables.js';

/**
 * The check to evaluate, and what its `expected` text ends with (` ($ADDR)`: the expanded
 * check is shown, and where its value came from); or why there is none, as a failing check's
 * `found`.
 */
export type Expansion = { ok: true; check: Check; suffix: string } | { ok: false; found: string };

/**
 * Expands a check's variables.
 * @param check any check; one that is not a template is returned as it is
 * @param variables the values read from the session, or why there are none
 * @returns the expanded, parsed check (its `source` and `line` as written), or a failure saying
 *   which variable is not set, that none can be read here, or — when the expanded line is no
 *   check — the line and what each variable held
 */
export function expandTemplate(check: Check, variables: SessionVariables): Expansion {
  const p = check.predicate;
  if (p.kind !== 'template') return { ok: true, check, suffix: '' };
  const names = p.variables.map((n) => `$${n}`);
  const missing = missingVariables(p.variables, variables);
  if (missing !== undefined || !variables.available) return { ok: false, found: missing ?? '' };
  const text = expandVariables(p.text, findVariables(p.text).references, (n) => variables.values.get(n)!);
  const line = check.namespace === undefined ? text : `${check.namespace}: ${text}`;
  const parsed = parseExpandedCheck(line, check.line);
  if (!parsed.ok) {
    const held = p.variables.map((n) => `$${n} = ${JSON.stringify(variables.values.get(n))}`).join(', ');
    return { ok: false, found: `with ${held} the check reads "${line}", which is no check: ${parsed.message}` };
  }
  const expanded: Check = { ...parsed.check, source: check.source, ...(check.withinMs !== undefined && { withinMs: check.withinMs }) };
  return { ok: true, check: expanded, suffix: ` (${names.join(', ')})` };
}

/**
 * Why a check cannot read the variables it uses: none can be read here, or some are not set.
 * @param names the variable names the check uses
 * @returns the check's found (`$ADDR is not set in the scenario's shell session`); undefined
 *   when every one has a value
 */
export function missingVariables(names: readonly string[], variables: SessionVariables): string | undefined {
  if (names.length === 0) return undefined;
  if (!variables.available) return `the check uses ${listed(names.map((n) => `$${n}`))}, and ${variables.reason}`;
  const unset = names.filter((n) => !variables.values.has(n));
  if (unset.length === 0) return undefined;
  return `${listed(unset.map((n) => `$${n}`))} ${unset.length === 1 ? 'is' : 'are'} not set in ${variables.where}`;
}

/** `$A`, `$A and $B`, `$A, $B and $C`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
