/** `process NAME is running|is not running`. */
import { suggestPhrase } from './parse-link-predicates.js';
import { failAt, type PredicateResult, type Word } from './parse-words.js';

const PROCESS_FORM = 'expected "process NAME is running|is not running", e.g. process socat is running';
const PHRASES = ['is running', 'is not running'] as const;

/**
 * Parses `process NAME is [not] running`. NAME is a program name (`socat`), or quoted text with
 * blanks, which is looked for in the command lines (`"http.server 8080"`).
 */
export function parseProcessPredicate(words: readonly Word[]): PredicateResult {
  const name = words[1];
  if (!name || (!name.quoted && /^(is|running)$/.test(name.text))) return failAt(`${PROCESS_FORM}: the program's name is missing`, words, name);
  if (name.text.trim() === '') return failAt('a process name cannot be empty', words, name);
  if (/[\u0000-\u001f\u007f]/.test(name.text)) return failAt('a process name cannot hold control characters', words, name);
  // Check lines quote with "..." only: 'dnsmasq' would be looked for with its quotes, and match nothing.
  if (!name.quoted && /['"]/.test(name.text)) {
    return failAt(`a process name cannot hold quotes (check lines quote with "..." only): write process "${name.text.replace(/['"]/g, '')}"`, words, name);
  }
  const rest = words.slice(2);
  const phrase = rest.map((w) => w.text).join(' ');
  if (phrase === 'is running' || phrase === 'is not running') return { ok: true, predicate: { kind: 'process', name: name.text, running: phrase === 'is running' } };
  return failAt(PROCESS_FORM + suggestPhrase(`process ${name.quoted ? JSON.stringify(name.text) : name.text}`, rest, PHRASES), words, rest[0]);
}
