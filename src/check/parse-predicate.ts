/**
 * Choosing the predicate parser by the first word of a check, and explaining unknown ones.
 */
import { closest } from '../util/closest.js';
import { parseBridgePredicate, parseLinkPredicate, parseNamespacePredicate } from './parse-link-predicates.js';
import {
  parseCapturePredicate, parseFilePredicate, parseNeighborPredicate, parsePathPredicate,
} from './parse-observation-predicates.js';
import {
  SYSCTL_SHORT_NAMES, parseNoRoutePredicate, parsePingPredicate, parseRoutePredicate, parseSysctlPredicate,
} from './parse-reachability-predicates.js';
import { parseFirewallPredicate, parseNatPredicate } from './parse-netfilter-predicates.js';
import { parseProcessPredicate } from './parse-process-predicate.js';
import { parseTcpPredicate } from './parse-tcp-predicate.js';
import { parseRulePredicate } from './parse-rule-predicate.js';
import { failAt, type PredicateResult, type Word } from './parse-words.js';

/** The words a check can start with (after `NAMESPACE:`). */
export const PREDICATE_KEYWORDS = [
  'namespace', 'link', 'route', 'no route', 'rule', 'no rule', 'sysctl', 'ping', 'bridge', 'neighbor', 'file', 'capture', 'path', 'tcp', 'udp',
  'process', 'nat', 'firewall',
] as const;

/**
 * Parses the predicate part of a check.
 * @param words the predicate's words (namespace prefix and `within` already removed), at least one.
 * @param line the whole check line (the sysctl value is taken from it as written).
 * @returns the predicate, or a message (with a "did you mean" for near misses) and a 1-based column.
 */
export function parsePredicate(words: readonly Word[], line: string): PredicateResult {
  const keyword = words[0]!;
  switch (keyword.text) {
    case 'namespace':
      return parseNamespacePredicate(words);
    case 'link':
      return parseLinkPredicate(words);
    case 'route':
      return parseRoutePredicate(words);
    case 'no':
      return parseNoRoutePredicate(words);
    case 'rule':
      return parseRulePredicate(words, true);
    case 'sysctl':
      return parseSysctlPredicate(words, line);
    case 'ping':
      return parsePingPredicate(words);
    case 'bridge':
      return parseBridgePredicate(words);
    case 'neighbor':
      return parseNeighborPredicate(words);
    case 'file':
      return parseFilePredicate(words);
    case 'capture':
      return parseCapturePredicate(words);
    case 'path':
      return parsePathPredicate(words);
    case 'tcp':
    case 'udp':
      return parseTcpPredicate(words);
    case 'process':
      return parseProcessPredicate(words);
    case 'nat':
      return parseNatPredicate(words);
    case 'firewall':
      return parseFirewallPredicate(words);
  }
  return failAt(unknownMessage(words, line), words, keyword);
}

function unknownMessage(words: readonly Word[], line: string): string {
  const first = words[0]!;
  const rest = line.slice(first.start, words.at(-1)!.end);
  const assignment = /^([A-Za-z0-9_][A-Za-z0-9_./-]*)\s*=\s*(.*\S)$/.exec(rest);
  const shown = assignment ? rest : first.text;
  let hint: string | undefined;
  if (assignment) {
    const [, key, value] = assignment as unknown as [string, string, string];
    hint = `sysctl ${SYSCTL_SHORT_NAMES[key] ?? key} = ${value}`;
  } else {
    const near = closest(first.text, PREDICATE_KEYWORDS) ?? closest(words.slice(0, 2).map((w) => w.text).join(' '), PREDICATE_KEYWORDS);
    if (near) hint = near;
  }
  const suffix = hint ? `; did you mean "${hint}"?` : ` (a check starts with ${PREDICATE_KEYWORDS.join(', ')})`;
  return `unknown check "${shown}"${suffix}`;
}
