/**
 * Parsers for the predicates about things that exist: `namespace`, `link`, `bridge`.
 * Each gets the words of the predicate, keyword first, `NAMESPACE:` and `within` removed.
 */
import { closest } from '../util/closest.js';
import { cidrProblem } from './parse-address.js';
import { ifnameProblem, namespaceNameProblem } from './parse-names.js';
import type { Station } from './model.js';
import { failAt, joinWords, type PredicateResult, type Word } from './parse-words.js';

const NAMESPACE_FORM = 'expected "namespace NAME exists|is absent"';
const LINK_FORM = 'expected "link IF is up|is down|exists|is absent|has address [in] CIDR|lacks address [in] CIDR|has mtu N|is in bridge NAME"';
const PORTS_FORM = 'expected "bridge NAME has ports IF..."';
const BRIDGE_FORM = `${PORTS_FORM} or "bridge NAME has learned MAC|NS:IF on PORT"`;
const LEARNED_FORM = 'expected "bridge NAME has learned MAC|NS:IF on PORT", e.g. bridge s has learned H1:H1-eth0 on s-eth1';
/** Largest MTU the kernel takes: an unsigned int in rtnetlink, but no device goes past INT_MAX. */
const MAX_MTU = 2 ** 31 - 1;

/** Words people write for a state, mapped to the check language's phrase. */
const ALIASES: Record<string, string> = { up: 'is up', down: 'is down', absent: 'is absent', present: 'exists', 'is present': 'exists' };

/**
 * Suggests a correction of the words after `head` among `phrases` (e.g. `is_up` → `is up`).
 * @returns `; did you mean "HEAD PHRASE REST"?`; when the phrase is written right, that the
 *   words after it are not part of the check; '' when nothing is near.
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
      // Written right: the trouble is what follows, and "did you mean" the same text would not say so.
      if (near === written) return tail ? `; "${tail}" after "${head} ${near}" is not part of the check` : '';
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

/** `link IF exists|is absent|is up|is down|has address CIDR|lacks address CIDR|has mtu N|is in bridge B`. */
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
  if ((state[0]?.text === 'has' || state[0]?.text === 'lacks') && state[1]?.text === 'address') {
    // `has address in fd00::/64`: an address known only at run time (SLAAC, DHCP) in a prefix.
    const inPrefix = state[2]?.text === 'in';
    const cidr = state[inPrefix ? 3 : 2];
    const after = inPrefix ? 4 : 3;
    const what = inPrefix ? 'one prefix after "address in"' : `one address after "${state[0].text} address"`;
    if (!cidr || state.length > after) return failAt(`${LINK_FORM}: ${what}`, words, state[after]);
    const problem = cidrProblem(cidr.text);
    if (problem) return failAt(problem, words, cidr);
    if (inPrefix && !cidr.text.includes('/')) return failAt(`expected a prefix with its length after "address in", such as fd00::/64, got "${cidr.text}"`, words, cidr);
    const kind = state[0].text === 'has' ? 'link-address' : 'link-lacks-address';
    return { ok: true, predicate: { kind, ifname: ifname.text, cidr: cidr.text, ...(inPrefix && { inPrefix }) } };
  }
  if (state[0]?.text === 'has' && state[1]?.text === 'mtu') return parseMtu(words, ifname.text, state);
  if (state[0]?.text === 'is' && state[1]?.text === 'in') return parseInBridge(words, ifname.text, state);
  const phrases = ['exists', 'is absent', 'is up', 'is down', 'has address', 'lacks address', 'has mtu', 'is in'];
  return failAt(LINK_FORM + suggestPhrase(`link ${ifname.text}`, state, phrases), words, state[0]);
}

/** `has mtu N` after `link IF`: N bytes, a positive integer. */
function parseMtu(words: readonly Word[], ifname: string, state: readonly Word[]): PredicateResult {
  const mtu = state[2];
  if (!mtu || state.length > 3) return failAt(`${LINK_FORM}: one number after "has mtu"`, words, state[3]);
  const value = Number(mtu.text);
  if (!/^\d+$/.test(mtu.text) || value < 1 || value > MAX_MTU) {
    return failAt(`expected an MTU in bytes such as 1500, got "${mtu.text}"`, words, mtu);
  }
  return { ok: true, predicate: { kind: 'link-mtu', ifname, mtu: value } };
}

/** `is in bridge B` after `link IF`. */
function parseInBridge(words: readonly Word[], ifname: string, state: readonly Word[]): PredicateResult {
  const form = 'expected "link IF is in bridge NAME"';
  if (state[2]?.text !== 'bridge') {
    // `is in brige s` is a typo; `is in s` lacks the word.
    const name = state[2] && closest(state[2].text, ['bridge']) ? joinWords(state.slice(3)) : state.length === 3 ? joinWords(state.slice(2)) : '';
    const near = name ? `; did you mean "link ${ifname} is in bridge ${name}"?` : '';
    return failAt(form + near, words, state[2]);
  }
  const bridge = state[3];
  if (!bridge || state.length > 4) return failAt(`${form}: one bridge name`, words, state[4]);
  const bad = ifnameProblem(bridge.text);
  if (bad) return failAt(bad, words, bridge);
  return { ok: true, predicate: { kind: 'link-bridge', ifname, bridge: bridge.text } };
}

/** `bridge NAME has ports IF...` (`has port IF` for one port), `bridge NAME has learned MAC|NS:IF on PORT`. */
export function parseBridgePredicate(words: readonly Word[]): PredicateResult {
  const bridge = words[1];
  if (!bridge) return failAt(BRIDGE_FORM, words, undefined);
  const state = words.slice(2);
  if (state[0]?.text === 'has' && state[1]?.text === 'learned') return parseLearned(words, bridge, state.slice(2));
  if (state[0]?.text !== 'has' || (state[1]?.text !== 'ports' && state[1]?.text !== 'port')) {
    return failAt(BRIDGE_FORM + suggestPhrase(`bridge ${bridge.text}`, state, ['has ports', 'has learned']), words, state[0]);
  }
  const ports = state.slice(2);
  if (ports.length === 0) return failAt(`${PORTS_FORM}: name at least one port`, words, undefined);
  // `a,b` is a valid interface name to the kernel, but never the two ports the author meant.
  const listed = ports.find((p) => !p.quoted && /.,|,$/.test(p.text));
  if (listed) {
    const names = ports.flatMap((p) => (p.quoted ? [JSON.stringify(p.text)] : p.text.split(',').filter((n) => n !== '')));
    return failAt(`ports are separated by blanks, not commas; did you mean "bridge ${bridge.text} has ports ${names.join(' ')}"?`, words, listed);
  }
  for (const p of [bridge, ...ports]) {
    const bad = ifnameProblem(p.text);
    if (bad) return failAt(bad, words, p);
  }
  return { ok: true, predicate: { kind: 'bridge-ports', bridge: bridge.text, ports: ports.map((p) => p.text) } };
}

/** A MAC address as ip and bridge print it: six pairs of hex digits separated by `:`. */
const MAC = /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/;

/** `MAC|NS:IF on PORT`, the words after `bridge NAME has learned`. */
function parseLearned(words: readonly Word[], bridge: Word, rest: readonly Word[]): PredicateResult {
  const [who, on, port] = rest;
  if (!who || on?.text !== 'on' || !port || rest.length > 3) {
    const at = !who ? undefined : on?.text !== 'on' ? on : rest[3];
    return failAt(LEARNED_FORM, words, at);
  }
  for (const name of [bridge, port]) {
    const bad = ifnameProblem(name.text);
    if (bad) return failAt(bad, words, name);
  }
  const station = parseStation(who.text);
  if (typeof station === 'string') return failAt(station, words, who);
  return { ok: true, predicate: { kind: 'bridge-learned', bridge: bridge.text, station, port: port.text } };
}

/** A MAC (`aa:bb:cc:dd:ee:ff`, kept lower case) or `NS:IF`; a message when it is neither. */
function parseStation(text: string): Station | string {
  if (MAC.test(text)) return { mac: text.toLowerCase() };
  const colon = text.indexOf(':');
  if (colon < 0 || /^[0-9a-fA-F:]+$/.test(text)) {
    return `expected a MAC address such as 02:00:00:00:00:01 or NAMESPACE:INTERFACE such as H1:H1-eth0, got "${text}"`;
  }
  const namespace = text.slice(0, colon);
  const ifname = text.slice(colon + 1);
  const bad = namespaceNameProblem(namespace) ?? ifnameProblem(ifname);
  return bad ?? { namespace, ifname };
}
