/**
 * Parsing one line of a `check` block: `[NAMESPACE:] PREDICATE [within DURATION]`.
 */
import { MAX_DURATION_MS, MAX_DURATION_TEXT, parseDuration } from '../util/duration.js';
import type { Check } from './model.js';
import { namespaceNameProblem } from './parse-names.js';
import { parsePredicate, PREDICATE_KEYWORDS } from './parse-predicate.js';
import { splitWords, type PredicateResult, type Word } from './parse-words.js';
import { findVariables, unescapeDollars, variableNames } from './session-variables.js';

/** The outcome of parsing a check line. */
export type CheckParseResult = { ok: true; check: Check } | { ok: false; message: string; column: number };

const NAMESPACE = /^([A-Za-z0-9_][A-Za-z0-9_.-]*):$/;

/** The first words of predicates (`no` for `no route`, `no rule`). */
const FIRST_WORDS = new Set(PREDICATE_KEYWORDS.map((k) => k.split(' ')[0]!));

/**
 * Parses a check line. A line that uses shell variables (`ping $ADDR succeeds`) becomes a
 * `template` check: its namespace, `within` and first word are read now, the rest once the
 * values are known ({@link parseExpandedCheck}).
 * @param text the line as written (leading blanks allowed; columns count from its first character).
 * @param line its 1-based line in the scenario file (copied into the check).
 * @returns `{ ok: true, check }`, or `{ ok: false, message, column }` with a 1-based column and
 *   a message saying what was expected (with "did you mean ...?" for near misses).
 */
export function parseCheck(text: string, line: number): CheckParseResult {
  return parseLine(text, line, true);
}

/**
 * Parses a check line whose variables were expanded: a `$` left in it is text.
 * @param text the expanded line; `line` the check's line in the scenario file.
 * @returns as {@link parseCheck}, never a `template` check.
 */
export function parseExpandedCheck(text: string, line: number): CheckParseResult {
  return parseLine(text, line, false);
}

function parseLine(text: string, line: number, variables: boolean): CheckParseResult {
  const split = splitWords(text);
  if (!split.ok) return split;
  const words = [...split.words];
  const fail = (message: string, offset: number): CheckParseResult => ({ ok: false, message, column: offset + 1 });
  if (words.length === 0) return fail('empty check', 0);
  const check: Omit<Check, 'predicate'> = { source: text.trim(), line };
  const ns = NAMESPACE.exec(words[0]!.text);
  const prefixStart = words[0]!.start;
  if (variables && !words[0]!.quoted && words[0]!.text.startsWith('$') && words[0]!.text.endsWith(':')) {
    return fail('the namespace of a check cannot come from a shell variable: write its name', words[0]!.start);
  }
  if (ns && !words[0]!.quoted) {
    const bad = namespaceNameProblem(ns[1]!);
    if (bad) return fail(bad, words[0]!.start);
    check.namespace = ns[1];
    words.shift();
    if (words.length === 0) return fail(`expected a check after "${ns[0]}"`, text.length);
  } else if (!words[0]!.quoted && words.length > 1 && /^\S+:$/.test(words[0]!.text)) {
    // `H1;rm: link x is up`: meant as a namespace, but not a name nslab passes to iproute2.
    const name = words[0]!.text.slice(0, -1);
    return fail(namespaceNameProblem(name) ?? `"${name}" is not a namespace name nslab accepts (letters, digits, "_", "." and "-")`, words[0]!.start);
  } else {
    const glued = /^([A-Za-z0-9_][A-Za-z0-9_.-]*):(\S+)$/.exec(words[0]!.text);
    if (glued && (PREDICATE_KEYWORDS as readonly string[]).some((k) => k.startsWith(glued[2]!))) {
      return fail(`put a space after the namespace: "${glued[1]}: ${glued[2]}"`, words[0]!.start);
    }
  }
  const last = words.at(-1)!;
  if (last.text === 'within' && !last.quoted) return fail('"within" needs a duration, e.g. within 3s', last.end);
  // `within 3s`, or in two words as in prose: `within 3 seconds`.
  const isWithin = (i: number): boolean => words.at(i)?.text === 'within' && !words.at(i)!.quoted;
  const at = isWithin(-2) ? -2 : isWithin(-3) && /^\d+(\.\d+)?$/.test(words.at(-2)!.text) ? -3 : undefined;
  if (at !== undefined) {
    const w = words.at(at)!;
    const duration = words.slice(at + 1);
    const written = duration.map((d) => d.text).join(' ');
    const ms = parseDuration(written);
    if (ms === undefined || ms <= 0) return fail(`"within" needs a duration such as 3s or 3 seconds, got "${written}"`, duration[0]!.start);
    if (ms > MAX_DURATION_MS) return fail(`"within" must be at most ${MAX_DURATION_TEXT}, got "${written}"`, duration[0]!.start);
    check.withinMs = ms;
    words.splice(at);
    if (words.length === 0) return fail('expected a check before "within"', w.start);
  }
  const template = variables ? parseTemplate(text, words) : undefined;
  const predicate = template ?? parsePredicate(words, text);
  if (!predicate.ok) return predicate;
  const p = predicate.predicate;
  if ((p.kind === 'path' || (p.kind === 'template' && p.keyword === 'path')) && check.namespace !== undefined) {
    // `H1: path H1 to ...`: SRC already says where the walk starts; a prefix could only contradict it.
    return fail(`"path" takes no namespace prefix: its source is in the check ("path ${check.namespace} to ...")`, prefixStart);
  }
  return { ok: true, check: { ...check, predicate: p } };
}

/**
 * The predicate words of a line that uses shell variables, as a `template` predicate; a line
 * with only `\$` (a literal `$`) parsed with it unescaped.
 * @returns undefined for a line with neither; a failure for a first word that is no predicate's.
 */
function parseTemplate(text: string, words: readonly Word[]): PredicateResult | undefined {
  const start = words[0]!.start;
  const body = text.slice(start, words.at(-1)!.end);
  const { references, escapedDollar } = findVariables(body);
  if (references.length === 0) {
    if (!escapedDollar) return undefined;
    const split = splitWords(unescapeDollars(body));
    if (!split.ok) return split;
    return parsePredicate(split.words.map((w) => ({ ...w, start: w.start + start, end: w.end + start })), text);
  }
  const keyword = words[0]!;
  if (references[0]!.start === 0) return { ok: false, message: 'a check cannot start with a shell variable: write the predicate, e.g. "ping $ADDR succeeds"', column: start + 1 };
  // The first word says what the check will be: a typo there is found now, not at run time.
  if (keyword.quoted || !FIRST_WORDS.has(keyword.text)) return parsePredicate(words, text);
  return { ok: true, predicate: { kind: 'template', text: body, keyword: keyword.text, variables: variableNames(references) } };
}
