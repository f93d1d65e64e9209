/**
 * `[no] rule [pref N] [not] [from CIDR|all] [to CIDR] [iif IF] [oif IF] [fwmark M] lookup T`:
 * policy routing rules as ip-rule(8) writes them (`priority`/`preference` for `pref`, `table`
 * for `lookup`), so that a check reads like the command that made the rule.
 */
import { closest } from '../util/closest.js';
import { normalizeDestination } from '../util/cidr.js';
import type { RuleSelector } from './model.js';
import { cidrProblem, ifnameProblem, isAddress } from './parse-address.js';
import { tableProblem } from './parse-reachability-predicates.js';
import { failAt, type PredicateResult, type Word } from './parse-words.js';

const RULE_FORM = 'expected "rule [pref N] [not] [from CIDR|all] [to CIDR] [iif IF] [oif IF] [fwmark MARK] lookup TABLE"';
const KEYS = ['pref', 'from', 'to', 'iif', 'oif', 'fwmark', 'lookup'] as const;
const SYNONYMS: Readonly<Record<string, (typeof KEYS)[number]>> = { priority: 'pref', preference: 'pref', table: 'lookup', dev: 'iif' };

/** An address or prefix; a bare address is a host prefix (/32, /128), as ip-rule takes it. */
function prefixOf(text: string): string | undefined {
  if (isAddress(text)) return normalizeDestination(text);
  return cidrProblem(text) ? undefined : normalizeDestination(text);
}

/**
 * Parses a rule check's words.
 * @param words from `rule` (or `no rule`: `present` false) on
 */
export function parseRulePredicate(words: readonly Word[], present: boolean): PredicateResult {
  const start = present ? 1 : 2;
  const selector: Partial<RuleSelector> & { not: boolean } = { not: false };
  const seen = new Set<string>();
  for (let i = start; i < words.length; ) {
    const word = words[i]!;
    if (word.text === 'not') {
      selector.not = true;
      i++;
      continue;
    }
    const key = SYNONYMS[word.text] ?? KEYS.find((k) => k === word.text);
    if (!key) {
      const near = closest(word.text, [...KEYS, ...Object.keys(SYNONYMS)]);
      return failAt(`${RULE_FORM}${near ? `; did you mean "${near}"?` : ''}`, words, word);
    }
    if (seen.has(key)) return failAt(`"${key}" is given twice`, words, word);
    seen.add(key);
    const value = words[i + 1];
    if (!value) return failAt(`"${word.text}" needs a value`, words, undefined);
    const problem = assign(selector, key, value.text);
    if (problem) return failAt(problem, words, value);
    i += 2;
  }
  if (selector.table === undefined) return failAt(`${RULE_FORM}: "lookup TABLE" is missing`, words, undefined);
  return { ok: true, predicate: { kind: 'rule', present, selector: selector as RuleSelector } };
}

/** Sets one selector from its text; returns what is wrong with the text, if anything. */
function assign(selector: Partial<RuleSelector>, key: (typeof KEYS)[number], text: string): string | undefined {
  switch (key) {
    case 'pref': {
      if (!/^[0-9]{1,10}$/.test(text) || Number(text) > 0xffffffff) return `a rule's priority is a number from 0 to 4294967295, got "${text}"`;
      selector.priority = Number(text);
      return undefined;
    }
    case 'from':
    case 'to': {
      if (key === 'from' && text === 'all') return undefined;
      const prefix = prefixOf(text);
      if (prefix === undefined) return `expected an address or a prefix such as 10.0.2.0/24 after "${key}", got "${text}"`;
      // `from 0.0.0.0/0` is `from all`.
      if (prefix !== 'default') selector[key] = prefix;
      return undefined;
    }
    case 'iif':
    case 'oif':
      selector[key] = text;
      return ifnameProblem(text);
    case 'fwmark': {
      const m = /^(0x[0-9a-f]+|[0-9]+)(?:\/(0x[0-9a-f]+|[0-9]+))?$/i.exec(text);
      if (!m) return `a firewall mark is a number, optionally with a mask, such as 0x1 or 0x1/0xff, got "${text}"`;
      const hex = (n: string) => `0x${Number(n).toString(16)}`;
      selector.fwmark = m[2] !== undefined && hex(m[2]) !== '0xffffffff' ? `${hex(m[1]!)}/${hex(m[2])}` : hex(m[1]!);
      return undefined;
    }
    case 'lookup':
      selector.table = text;
      return tableProblem(text);
  }
}
