/**
 * Parsers for the predicates about where packets go: `route`, `no route`, `ping`, `sysctl`.
 * Each gets the words of the predicate, keyword first, `NAMESPACE:` and `within` removed.
 */
import { closest } from '../util/closest.js';
import { cidrProblem, ifnameProblem, isAddress, isHost } from './parse-address.js';
import { suggestPhrase } from './parse-link-predicates.js';
import { failAt, type PredicateResult, type Word } from './parse-words.js';
import { parseRulePredicate } from './parse-rule-predicate.js';

const ROUTE_FORM = 'expected "route default|CIDR via GATEWAY [dev IF] [table T]" or "route default|CIDR dev IF [table T]"';
const NO_ROUTE_FORM = 'expected "no route default|CIDR [table T]"';

/**
 * A routing table as ip-route(8) takes it: `main`, `local`, `default`, a number from 1 to
 * 2^32-1 (TABLE_ID), or a name from /etc/iproute2/rt_tables (letters, digits, `_`, `-`, `.`,
 * starting with a letter or `_`). A name's number is looked up when the check is evaluated, in
 * the namespace's rt_tables, which the scenario may write in an earlier step.
 */
export function tableProblem(text: string): string | undefined {
  if (/^[1-9][0-9]{0,9}$/.test(text) && Number(text) <= 0xffffffff) return undefined;
  if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(text)) return undefined;
  return `a table is main, local, default, a number from 1 to 4294967295 or a name from /etc/iproute2/rt_tables such as rt2, got "${text}"`;
}
const PING_FORM = 'expected "ping ADDRESS succeeds|fails|fails with "TEXT""';
const SYSCTL_FORM = 'expected "sysctl KEY = VALUE", e.g. sysctl net.ipv4.ip_forward = 1';

/** Short sysctl names people write, and their full keys. */
export const SYSCTL_SHORT_NAMES: Record<string, string> = { ip_forward: 'net.ipv4.ip_forward' };

function destinationProblem(word: Word): string | undefined {
  if (word.text === 'default') return undefined;
  return cidrProblem(word.text) && `expected "default" or a destination with prefix length such as 10.0.2.0/24, got "${word.text}"`;
}

/** `route DEST via GW [dev IF]`, `route DEST dev IF [via GW]`, DEST `default` or a CIDR. */
export function parseRoutePredicate(words: readonly Word[]): PredicateResult {
  const dest = words[1];
  if (!dest) return failAt(ROUTE_FORM, words, undefined);
  const bad = destinationProblem(dest);
  if (bad) return failAt(bad, words, dest);
  const fields: { via?: string; dev?: string; table?: string } = {};
  for (let i = 2; i < words.length; i += 2) {
    const key = words[i]!;
    const value = words[i + 1];
    if (key.text !== 'via' && key.text !== 'dev' && key.text !== 'table') {
      const near = closest(key.text, ['via', 'dev', 'table']);
      return failAt(`${ROUTE_FORM}${near ? `; did you mean "${near}"?` : ''}`, words, key);
    }
    if (fields[key.text] !== undefined) return failAt(`"${key.text}" is given twice`, words, key);
    if (!value) return failAt(`"${key.text}" needs a value: ${VALUE_OF[key.text]}`, words, undefined);
    const problem = key.text === 'via'
      ? (isAddress(value.text) ? undefined : `the gateway after "via" must be an IP address, got "${value.text}"`)
      : key.text === 'dev' ? ifnameProblem(value.text) : tableProblem(value.text);
    if (problem) return failAt(problem, words, value);
    fields[key.text] = value.text;
  }
  if (fields.via === undefined && fields.dev === undefined) return failAt(ROUTE_FORM, words, undefined);
  return { ok: true, predicate: { kind: 'route', destination: dest.text, ...fields } };
}

const VALUE_OF = { via: 'the gateway address', dev: 'an interface name', table: 'main, local, default, a table number or a name from /etc/iproute2/rt_tables' } as const;

/** `no route default|CIDR [table T]`. */
export function parseNoRoutePredicate(words: readonly Word[]): PredicateResult {
  if (words[1]?.text === 'rule') return parseRulePredicate(words, false);
  if (words[1]?.text !== 'route') {
    const near = words[1] && closest(words[1].text, ['route', 'rule']);
    return failAt(NO_ROUTE_FORM + (near ? `; did you mean "no ${near}"?` : ''), words, words[1]);
  }
  const dest = words[2];
  if (!dest) return failAt(NO_ROUTE_FORM, words, undefined);
  const bad = destinationProblem(dest);
  if (bad) return failAt(bad, words, dest);
  if (words.length === 3) return { ok: true, predicate: { kind: 'no-route', destination: dest.text } };
  const [key, table] = [words[3]!, words[4]];
  if (key.text !== 'table' || words.length > 5) return failAt(NO_ROUTE_FORM, words, key.text !== 'table' ? key : words[5]);
  if (!table) return failAt(`"table" needs a value: ${VALUE_OF.table}`, words, undefined);
  const problem = tableProblem(table.text);
  if (problem) return failAt(problem, words, table);
  return { ok: true, predicate: { kind: 'no-route', destination: dest.text, table: table.text } };
}

/** `ping ADDR succeeds|fails|fails with "TEXT"`. */
export function parsePingPredicate(words: readonly Word[]): PredicateResult {
  const address = words[1];
  if (!address) return failAt(PING_FORM, words, undefined);
  if (!isHost(address.text)) return failAt(`expected an address or host name to ping, got "${address.text}"`, words, address);
  const rest = words.slice(2);
  const phrase = rest.map((w) => w.text).join(' ');
  if (phrase === 'succeeds' || phrase === 'fails') {
    return { ok: true, predicate: { kind: 'ping', address: address.text, succeeds: phrase === 'succeeds' } };
  }
  if (rest[0]?.text === 'fails' && rest[1]?.text === 'with') {
    const text = rest[2];
    if (!text || !text.quoted || rest.length > 3) {
      return failAt('the text after "fails with" must be one double-quoted string, e.g. fails with "Network is unreachable"', words, text);
    }
    // Every output contains "": the check would hold whatever ping printed.
    if (text.text.trim() === '') return failAt('the text after "fails with" cannot be empty: write what ping prints, e.g. "Network is unreachable"', words, text);
    return { ok: true, predicate: { kind: 'ping', address: address.text, succeeds: false, text: text.text } };
  }
  return failAt(PING_FORM + suggestPhrase(`ping ${address.text}`, rest, ['succeeds', 'fails', 'fails with']), words, rest[0]);
}

/**
 * `sysctl KEY = VALUE` (blanks around `=` optional; VALUE as `sysctl -n KEY` prints it, several
 * words allowed, e.g. `0 2147483647`). Forms that would parse into a check that can never hold
 * are errors with a did-you-mean: `==` or a second `=` (the value would start with "="), a value
 * in quotes (the quotes would be compared), `=` missing, or nothing after it.
 * @param line the whole check line, to take the value as written.
 */
export function parseSysctlPredicate(words: readonly Word[], line: string): PredicateResult {
  const first = words[1];
  const last = words.at(-1)!;
  if (!first) return failAt(SYSCTL_FORM, words, undefined);
  const text = line.slice(first.start, last.end);
  const m = /^([^\s=]+)\s*=\s*/.exec(text);
  if (!m) return missingEquals(words, line);
  const key = m[1]!;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(key)) return failAt(`"${key}" is not a sysctl key such as net.ipv4.ip_forward`, words, first);
  const valueAt = first.start + m[0].length;
  const value = line.slice(valueAt, last.end);
  if (value === '') return failAt(`expected a value after "=", e.g. sysctl ${key} = 1`, words, undefined);
  const extra = /^=[\s=]*/.exec(value);
  if (extra) {
    const meant = value.slice(extra[0].length);
    const hint = meant ? `; did you mean "sysctl ${key} = ${meant}"?` : `, then the value, e.g. sysctl ${key} = 1`;
    // Column of the second "=": the one to delete.
    return { ok: false, column: valueAt + 1, message: `sysctl takes one "=" between key and value${hint}` };
  }
  const quoted = words.find((w) => w.start >= valueAt && w.quoted);
  if (quoted) {
    const meant = words.filter((w) => w.start >= valueAt).map((w) => w.text).join(' ');
    return failAt(`a sysctl value is written without quotes (sysctl -n prints none); did you mean "sysctl ${key} = ${meant}"?`, words, quoted);
  }
  const full = SYSCTL_SHORT_NAMES[key];
  if (full) return failAt(`sysctl keys are written in full; did you mean "sysctl ${full} = ${value}"?`, words, first);
  return { ok: true, predicate: { kind: 'sysctl', key, value } };
}

/** Comparisons people write instead of `=`: the first two mean `=`, the others cannot be checked. */
const SAME = new Set(['is', 'equals']);
const OTHER = new Set(['!=', '<', '>', '<=', '>=', '=~']);

/** `sysctl KEY VALUE`, `sysctl KEY is VALUE`, `sysctl KEY != VALUE`, `sysctl KEY`: what to write instead. */
function missingEquals(words: readonly Word[], line: string): PredicateResult {
  const [, key, op] = words as [Word, Word, Word | undefined];
  if (!op) return failAt(SYSCTL_FORM, words, key);
  if (OTHER.has(op.text)) return failAt(`sysctl checks only that a key has a value: write "sysctl ${key.text} = VALUE"`, words, op);
  const valueFrom = SAME.has(op.text) ? words[3] : op;
  const meant = valueFrom ? line.slice(valueFrom.start, words.at(-1)!.end) : 'VALUE';
  return failAt(`${SYSCTL_FORM}; did you mean "sysctl ${key.text} = ${meant}"?`, words, op);
}
