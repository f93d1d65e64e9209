/**
 * The `tcp` predicate: `tcp ADDR:PORT accepts|refuses` (an IPv6 address in brackets,
 * `[fd00::2]:80`, as in a URL — RFC 3986 section 3.2.2).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { suggestPhrase } from './parse-link-predicates.js';
import { failAt, type PredicateResult, type Word } from './parse-words.js';

const TCP_FORM = 'expected "tcp ADDRESS:PORT accepts|refuses", e.g. tcp 10.0.2.2:80 accepts';

/**
 * Splits `10.0.2.2:80` or `[fd00::2]:80`.
 * @returns the address and port, or a message saying what is wrong.
 */
export function parseEndpoint(text: string): { address: string; port: number } | { problem: string } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (!m) {
    return { problem: isIPv4(text) || isIPv6(text) ? `"${text}" has no port: write it as ADDRESS:PORT, e.g. ${isIPv6(text) ? `[${text}]` : text}:80` : `expected ADDRESS:PORT such as 10.0.2.2:80, got "${text}"` };
  }
  const address = m[1] ?? m[2]!;
  const port = Number(m[3]);
  if (m[1] !== undefined ? !isIPv6(address) : !isIPv4(address)) return { problem: `"${address}" is not an ${m[1] !== undefined ? 'IPv6' : 'IPv4'} address (in "${text}")` };
  if (port < 1 || port > 65535) return { problem: `port ${port} is out of range (1-65535) in "${text}"` };
  return { address, port };
}

/** `tcp ADDR:PORT accepts|refuses`. */
export function parseTcpPredicate(words: readonly Word[]): PredicateResult {
  const endpoint = words[1];
  if (!endpoint) return failAt(TCP_FORM, words, undefined);
  const parsed = parseEndpoint(endpoint.text);
  if ('problem' in parsed) return failAt(parsed.problem, words, endpoint);
  const rest = words.slice(2);
  const phrase = rest.map((w) => w.text).join(' ');
  if (phrase === 'accepts' || phrase === 'refuses') return { ok: true, predicate: { kind: 'tcp', ...parsed, accepts: phrase === 'accepts' } };
  return failAt(TCP_FORM + suggestPhrase(`tcp ${endpoint.text}`, rest, ['accepts', 'refuses']), words, rest[0]);
}
