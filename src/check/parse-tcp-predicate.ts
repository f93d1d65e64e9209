/**
 * The `tcp` and `udp` predicates: `tcp ADDR:PORT accepts|refuses`, `tcp|udp ADDR:PORT is
 * [not] listening` (an IPv6 address in brackets, `[fd00::2]:80`, as in a URL — RFC 3986
 * section 3.2.2; `*:PORT` for a socket on any address).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { suggestPhrase } from './parse-link-predicates.js';
import { failAt, type PredicateResult, type Word } from './parse-words.js';

const TCP_FORM = 'expected "tcp ADDRESS:PORT accepts|refuses|is listening|is not listening", e.g. tcp 10.0.2.2:80 accepts';
const UDP_FORM = 'expected "udp ADDRESS:PORT is listening|is not listening", e.g. udp 10.0.2.2:53 is listening';

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

const LISTEN_PHRASES = ['is listening', 'is not listening'] as const;

/** `tcp ADDR:PORT accepts|refuses`, `tcp|udp ADDR:PORT is [not] listening` (`*:PORT`: on any address). */
export function parseTcpPredicate(words: readonly Word[]): PredicateResult {
  const proto = words[0]!.text as 'tcp' | 'udp';
  const endpoint = words[1];
  const form = proto === 'tcp' ? TCP_FORM : UDP_FORM;
  if (!endpoint) return failAt(form, words, undefined);
  const rest = words.slice(2);
  const phrase = rest.map((w) => w.text).join(' ');
  const listen = (LISTEN_PHRASES as readonly string[]).includes(phrase);
  const anyAddress = /^\*:(\d{1,5})$/.exec(endpoint.text);
  const parsed = anyAddress && listen ? parseEndpoint(`0.0.0.0:${anyAddress[1]}`) : parseEndpoint(endpoint.text);
  if ('problem' in parsed) return failAt(parsed.problem.replace('0.0.0.0:', '*:'), words, endpoint);
  const address = anyAddress ? '*' : parsed.address;
  if (listen) return { ok: true, predicate: { kind: 'listening', proto, address, port: parsed.port, listening: phrase === 'is listening' } };
  if (proto === 'tcp' && (phrase === 'accepts' || phrase === 'refuses')) return { ok: true, predicate: { kind: 'tcp', address, port: parsed.port, accepts: phrase === 'accepts' } };
  const phrases = proto === 'tcp' ? ['accepts', 'refuses', ...LISTEN_PHRASES] : LISTEN_PHRASES;
  return failAt(form + suggestPhrase(`${proto} ${endpoint.text}`, rest, phrases), words, rest[0]);
}
