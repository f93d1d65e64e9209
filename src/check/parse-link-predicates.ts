/**
 * Parsers for the predicates about things that exist: `namespace`, `link`, `bridge`.
 * Each gets the words of the predicate, keyword first, `NAMESPACE:` and `within` removed.
 */
import { closest } from '../util/closest.js';
import { cidrProblem } from './parse-address.js';
import { ifnameProblem, namespaceNameProblem } from './parse-names.js';
import { failAt, joinWords, type PredicateResult, type Word } from './parse-words.js';

const NAMESPACE_FORM = 'expected "namespace NAME exists|is absent"';
const LINK_FORM = 'expected "link IF is up|is down|exists|is absent|has address CIDR"';
const BRIDGE_FORM = 'expected "bridge NAME has ports IF..."';

/** Words people write for a state, mapped to the check language's phrase. */
const ALIASES: Record<string, string> = { up: 'is up', down: 'is down', absent: 'is absent', present: 'exists', 'is present': 'exists' };

/**
 * Suggests a correction of the words after `head` among `phrases` (e.g. `is_up` → `is up`).
 * @returns `; did you mean "HEAD PHRASE REST"?`, or '' when nothing is near.
 */
export function suggestPhrase(head: string, rest: readonly Word[], phrases: readonly string[]): string {
  for (const n of [2, 1]) {
    if (rest.length < n) continue;
    const written = rest.slice(0, n).map((w) => w.text).join(' ');
    // Compare like with like, so `has-ports a` is read as `has ports` + `a`, not as one phrase.
    const size = written.split(/[\s_-]+/).length;
    const near = ALIASES[written] ?? closest(written, phrases.filter((p) => p.split(' ').length === size));
    if (near && phrases.includes(near)) {
      const tail = joinWords(rest.slice(n));
      return `; did you mean "${head} ${near}${tail ? ` ${tail}` : ''}"?`;
    }
  }
  return '';
}

/** `namespace NAME exists|is absent`. */
export function parseNamespacePredicate(words: readonly Word[]): PredicateResult {
  const name = words[1];
  if (!name) return failAt(NAMESPACE_FORM, words, undefined);
  const bad = namespaceNameProblem(name.text);
  if (bad) return failAt(bad, words, name);
  const state = words.slice(2);
  const phrase = state.map((w) => w.text).join(' ');
  if (phrase === 'exists' || phrase === 'is absent') {
    return { ok: true, predicate: { kind: 'namespace', name: name.text, present: phrase === 'exists' } };
  }
  return failAt(NAMESPACE_FORM + suggestPhrase(`namespace ${name.text}`, state, ['exists', 'is absent']), words, state[0]);
}

/** `link IF exists|is absent|is up|is down|has address CIDR`. */
export function parseLinkPredicate(words: readonly Word[]): PredicateResult {
  const ifname = words[1];
  if (!ifname) return failAt(LINK_FORM, words, undefined);
  const bad = ifnameProblem(ifname.text);
  if (bad) return failAt(bad, words, ifname);
  const state = words.slice(2);
  const phrase = state.map((w) => w.text).join(' ');
  switch (phrase) {
    case 'exists':
    case 'is absent':
      return { ok: true, predicate: { kind: 'link-exists', ifname: ifname.text, present: phrase === 'exists' } };
    case 'is up':
    case 'is down':
      return { ok: true, predicate: { kind: 'link-state', ifname: ifname.text, up: phrase === 'is up' } };
  }
  if (state[0]?.text === 'has' && state[1]?.text === 'address') {
    const cidr = state[2];
    if (!cidr || state.length > 3) return failAt(`${LINK_FORM}: one address after "has address"`, words, state[3]);
    const problem = cidrProblem(cidr.text);
    if (problem) return failAt(problem, words, cidr);
    return { ok: true, predicate: { kind: 'link-address', ifname: ifname.text, cidr: cidr.text } };
  }
  const phrases = ['exists', 'is absent', 'is up', 'is down', 'has address'];
  return failAt(LINK_FORM + suggestPhrase(`link ${ifname.text}`, state, phrases), words, state[0]);
}

/** `bridge NAME has ports IF...` (`has port IF` for one port). */
export function parseBridgePredicate(words: readonly Word[]): PredicateResult {
  const bridge = words[1];
  if (!bridge) return failAt(BRIDGE_FORM, words, undefined);
  const state = words.slice(2);
  if (state[0]?.text !== 'has' || (state[1]?.text !== 'ports' && state[1]?.text !== 'port')) {
    return failAt(BRIDGE_FORM + suggestPhrase(`bridge ${bridge.text}`, state, ['has ports']), words, state[0]);
  }
  const ports = state.slice(2);
  if (ports.length === 0) return failAt(`${BRIDGE_FORM}: name at least one port`, words, undefined);
  for (const p of [bridge, ...ports]) {
    const bad = ifnameProblem(p.text);
    if (bad) return failAt(bad, words, p);
  }
  return { ok: true, predicate: { kind: 'bridge-ports', bridge: bridge.text, ports: ports.map((p) => p.text) } };
}
