/**
 * Parsers for the predicates about what the network did: `neighbor` (what ARP resolved),
 * `file` (what a server logged), `capture` (what tcpdump saw) and `path` (the `why` walk).
 * Each gets the words of the predicate, keyword first, `NAMESPACE:` and `within` removed.
 */
import { isLinkLocal } from '../diagnose/ip-address.js';
import { isAddress } from './parse-address.js';
import { suggestPhrase } from './parse-link-predicates.js';
import type { NeighborExpectation } from './model.js';
import { namespaceNameProblem } from './parse-names.js';
import { failAt, joinWords, type PredicateResult, type Word } from './parse-words.js';

const NEIGHBOR_FORM = 'expected "neighbor ADDRESS is reachable|incomplete|failed|absent"';
const FILE_FORM = 'expected "file PATH contains "TEXT"" or "file PATH lacks "TEXT""';
const CAPTURE_FORM = 'expected "capture FILE shows "TEXT" [N times|at least N times]"';
const PATH_FORM = 'expected "path SRC to DST is clear", SRC a namespace or host, DST an IPv4 address or a namespace';
const NEIGHBOR_STATES: readonly NeighborExpectation[] = ['reachable', 'incomplete', 'failed', 'absent'];
/** Control characters cannot be passed in argv (NUL) or shown usefully in a message. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `neighbor ADDR is reachable|incomplete|failed|absent`. */
export function parseNeighborPredicate(words: readonly Word[]): PredicateResult {
  const address = words[1];
  if (!address) return failAt(NEIGHBOR_FORM, words, undefined);
  if (!isAddress(address.text)) return failAt(`expected the neighbor's IP address, got "${address.text}"`, words, address);
  const rest = words.slice(2);
  const state = rest[1]?.text as NeighborExpectation | undefined;
  if (rest[0]?.text === 'is' && state !== undefined && NEIGHBOR_STATES.includes(state) && rest.length === 2) {
    return { ok: true, predicate: { kind: 'neighbor', address: address.text, state } };
  }
  const phrases = NEIGHBOR_STATES.map((s) => `is ${s}`);
  return failAt(NEIGHBOR_FORM + suggestPhrase(`neighbor ${address.text}`, rest, phrases), words, rest[0]);
}

/** An absolute path nslab can pass in argv, or a message. */
function pathProblem(text: string): string | undefined {
  if (CONTROL.test(text)) return 'a file path cannot hold control characters';
  if (!text.startsWith('/')) {
    // Checks run in fresh processes, not in the scenario's shell: they do not know its directory.
    return `write the file's absolute path, e.g. /tmp/${text.replace(/^\.\//, '') || 'server.log'} (checks do not run in the scenario's shell, so they do not know its working directory)`;
  }
  return undefined;
}

/** The one quoted, non-empty text a predicate ends with, or a message. */
function textProblem(rest: readonly Word[], after: string, example: string): string | undefined {
  const text = rest[0];
  if (!text || !text.quoted || rest.length > 1) return `the text after "${after}" must be one double-quoted string, e.g. ${after} "${example}"`;
  if (text.text === '') return `the text after "${after}" cannot be empty`;
  if (CONTROL.test(text.text)) return `the text after "${after}" cannot hold control characters`;
  return undefined;
}

/** `file PATH contains "TEXT"` / `file PATH lacks "TEXT"`. */
export function parseFilePredicate(words: readonly Word[]): PredicateResult {
  const path = words[1];
  if (!path) return failAt(FILE_FORM, words, undefined);
  const badPath = pathProblem(path.text);
  if (badPath) return failAt(badPath, words, path);
  const verb = words[2];
  if (verb?.text !== 'contains' && verb?.text !== 'lacks') {
    return failAt(FILE_FORM + suggestPhrase(`file ${path.text}`, words.slice(2), ['contains', 'lacks']), words, verb);
  }
  const bad = textProblem(words.slice(3), verb.text, 'Serving HTTP');
  if (bad) return failAt(bad, words, words[3]);
  return { ok: true, predicate: { kind: 'file-text', path: path.text, text: words[3]!.text, contains: verb.text === 'contains' } };
}

/** `capture FILE shows "TEXT" [N times | at least N times]` (`1 time` too). */
export function parseCapturePredicate(words: readonly Word[]): PredicateResult {
  const file = words[1];
  if (!file) return failAt(CAPTURE_FORM, words, undefined);
  const badPath = pathProblem(file.text);
  if (badPath) return failAt(badPath, words, file);
  if (words[2]?.text !== 'shows') return failAt(CAPTURE_FORM + suggestPhrase(`capture ${file.text}`, words.slice(2), ['shows']), words, words[2]);
  const text = words[3];
  const bad = textProblem(words.slice(3, 4), 'shows', 'ICMP echo request');
  if (bad) return failAt(bad, words, text);
  const tail = words.slice(4);
  const atLeast = tail[0]?.text === 'at' && tail[1]?.text === 'least';
  const [number, unit, extra] = atLeast ? tail.slice(2) : tail;
  if (tail.length === 0) return { ok: true, predicate: { kind: 'capture', file: file.text, text: text!.text, count: { n: 1, atLeast: true } } };
  const n = Number(number?.text);
  if (!number || !/^\d+$/.test(number.text) || (unit?.text !== 'times' && unit?.text !== 'time') || extra) {
    const at = !number || !/^\d+$/.test(number.text) ? number : unit?.text !== 'times' && unit?.text !== 'time' ? unit : extra;
    return failAt(`${CAPTURE_FORM}: after the text, "N times" or "at least N times", e.g. 2 times`, words, at);
  }
  if (n > Number.MAX_SAFE_INTEGER) return failAt(`${number.text} is too large a count`, words, number);
  if (atLeast && n === 0) return failAt('"at least 0 times" holds whatever the capture shows: write "at least 1 time", or "0 times" for none', words, number);
  return { ok: true, predicate: { kind: 'capture', file: file.text, text: text!.text, count: { n, atLeast } } };
}

/** SRC of `path`: a namespace name or `host`. */
function sourceProblem(word: Word): string | undefined {
  return word.text === 'host' ? undefined : namespaceNameProblem(word.text);
}

/** DST of `path`: an IPv4 or global IPv6 address, `host` or a namespace name. */
function destinationProblem(word: Word): string | undefined {
  if (word.text === 'host') return undefined;
  if (isLinkLocal(word.text)) return `path takes a global address or a namespace name as DST, got "${word.text}" (a link-local address means something only on one link)`;
  if (isAddress(word.text)) return undefined;
  if (word.text.includes('/')) return `path takes an address or a namespace name as DST, got "${word.text}" (a path leads to one address, not a prefix)`;
  return namespaceNameProblem(word.text);
}

/** `path SRC to DST is clear`. */
export function parsePathPredicate(words: readonly Word[]): PredicateResult {
  const [, src, to, dst, ...rest] = words;
  if (!src) return failAt(PATH_FORM, words, undefined);
  const badSrc = sourceProblem(src);
  if (badSrc) return failAt(badSrc, words, src);
  if (to?.text !== 'to') return failAt(PATH_FORM, words, to);
  if (!dst) return failAt(PATH_FORM, words, undefined);
  const badDst = destinationProblem(dst);
  if (badDst) return failAt(badDst, words, dst);
  if (joinWords(rest) !== 'is clear') {
    return failAt(PATH_FORM + suggestPhrase(`path ${src.text} to ${dst.text}`, rest, ['is clear']), words, rest[0]);
  }
  return { ok: true, predicate: { kind: 'path', src: src.text, dst: dst.text } };
}
