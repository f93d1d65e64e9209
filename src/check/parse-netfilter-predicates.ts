/**
 * The checks of a namespace's netfilter state (nftables, and iptables-nft, which keeps its rules
 * in the same kernel tables), written the way tutorials describe what a rule does:
 *
 *     nat masquerades PREFIX [out IF]
 *     nat translates PREFIX [out IF] to ADDR
 *     nat forwards tcp|udp ADDR:PORT [in IF] to ADDR[:PORT]
 *     firewall accepts|drops icmp|tcp|udp [from ADDR|PREFIX] [to ADDR|PREFIX] [port N] [in IF] [out IF]
 *
 * IPv4 only: nslab evaluates the rules of the IPv4 path (tables `ip` and `inet`).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { closest } from '../util/closest.js';
import { normalizeDestination } from '../util/cidr.js';
import { suggestPhrase } from './parse-link-predicates.js';
import type { Flow } from './model.js';
import { cidrProblem, ifnameProblem } from './parse-address.js';
import { parseEndpoint } from './parse-tcp-predicate.js';
import { failAt, type PredicateResult, type Word } from './parse-words.js';

const NAT_FORMS = ['masquerades', 'translates', 'forwards'] as const;
const NAT_FORM = 'expected "nat masquerades PREFIX [out IF]", "nat translates PREFIX [out IF] to ADDRESS" or "nat forwards tcp|udp ADDRESS:PORT [in IF] to ADDRESS[:PORT]"';
const FIREWALL_FORM = 'expected "firewall accepts|drops icmp|tcp|udp [from ADDRESS] [to ADDRESS] [port N] [in IF] [out IF]"';
const IPV4_ONLY = 'nslab reads the IPv4 rules only (tables ip and inet)';

/** An IPv4 address or prefix as written after `from`/`to`; a bare address is a /32. */
function ipv4Prefix(text: string): { prefix: string } | { problem: string } {
  if (isIPv6(text.split('/')[0] ?? '')) return { problem: `"${text}" is an IPv6 address: ${IPV4_ONLY}` };
  if (isIPv4(text)) return { prefix: text };
  const problem = cidrProblem(text);
  if (problem) return { problem: problem.replace('with prefix length such as 10.0.1.2/24', 'or a prefix such as 10.0.1.0/24') };
  const normal = normalizeDestination(text);
  return { prefix: normal === 'default' ? '0.0.0.0/0' : normal };
}

function ipv4Address(text: string, what: string): string | undefined {
  if (isIPv4(text)) return undefined;
  if (isIPv6(text)) return `"${text}" is an IPv6 address: ${IPV4_ONLY}`;
  return `expected ${what} such as 203.0.113.1, got "${text}"`;
}

/** What people write for the option words, from ip(8), nft(8) and iptables(8). */
const ALIASES: Readonly<Record<string, string>> = {
  dev: 'out', oif: 'out', oifname: 'out', '-o': 'out', iif: 'in', iifname: 'in', '-i': 'in',
  src: 'from', saddr: 'from', '-s': 'from', dst: 'to', daddr: 'to', '-d': 'to', dport: 'port', '--dport': 'port',
};

type OptionValue = (text: string) => { value: string | number } | { problem: string };

/**
 * Reads `KEY VALUE` pairs from words[start] on, each key at most once.
 * @returns the values by key, or a failure at the word in question.
 */
function parseOptions(words: readonly Word[], start: number, keys: Readonly<Record<string, OptionValue>>, form: string): { ok: true; values: Record<string, string | number> } | Extract<PredicateResult, { ok: false }> {
  const values: Record<string, string | number> = {};
  for (let i = start; i < words.length; i += 2) {
    const key = words[i]!;
    const read = keys[key.text];
    if (!read) {
      const alias = ALIASES[key.text];
      const near = alias !== undefined && alias in keys ? alias : closest(key.text, Object.keys(keys));
      return failAt(`${form}${near ? `; did you mean "${near}"?` : ''}`, words, key) as Extract<PredicateResult, { ok: false }>;
    }
    if (key.text in values) return failAt(`"${key.text}" is given twice`, words, key) as Extract<PredicateResult, { ok: false }>;
    const value = words[i + 1];
    if (!value) return failAt(`"${key.text}" needs a value`, words, undefined) as Extract<PredicateResult, { ok: false }>;
    const parsed = read(value.text);
    if ('problem' in parsed) return failAt(parsed.problem, words, value) as Extract<PredicateResult, { ok: false }>;
    values[key.text] = parsed.value;
  }
  return { ok: true, values };
}

const ifname: OptionValue = (text) => {
  const problem = ifnameProblem(text);
  return problem ? { problem } : { value: text };
};
const prefix: OptionValue = (text) => {
  const p = ipv4Prefix(text);
  return 'problem' in p ? p : { value: p.prefix };
};
const address: OptionValue = (text) => {
  const problem = ipv4Address(text, 'an IPv4 address');
  return problem ? { problem } : { value: text };
};
const port: OptionValue = (text) => {
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  return n >= 1 && n <= 65535 ? { value: n } : { problem: `a port is a number from 1 to 65535, got "${text}"` };
};

/** `nat masquerades|translates|forwards ...`. */
export function parseNatPredicate(words: readonly Word[]): PredicateResult {
  const form = words[1];
  if (!form || !(NAT_FORMS as readonly string[]).includes(form.text)) {
    return failAt(NAT_FORM + suggestPhrase('nat', words.slice(1), NAT_FORMS), words, form);
  }
  if (form.text === 'forwards') return parseDestinationNat(words);
  const source = words[2];
  if (!source) return failAt(`expected the prefix whose packets are translated after "nat ${form.text}", e.g. 10.0.1.0/24`, words, undefined);
  const parsed = ipv4Prefix(source.text);
  if ('problem' in parsed) return failAt(parsed.problem, words, source);
  const keys: Record<string, OptionValue> = form.text === 'masquerades' ? { out: ifname } : { out: ifname, to: address };
  const options = parseOptions(words, 3, keys, NAT_FORM);
  if (!options.ok) return options;
  const { out, to } = options.values as { out?: string; to?: string };
  if (form.text === 'translates' && to === undefined) return failAt('"nat translates" needs "to ADDRESS": the address the source becomes', words, undefined);
  return { ok: true, predicate: { kind: 'source-nat', source: parsed.prefix, ...(out !== undefined && { out }), ...(to !== undefined && { to }) } };
}

/** `nat forwards tcp|udp ADDR:PORT [in IF] to ADDR[:PORT]`. */
function parseDestinationNat(words: readonly Word[]): PredicateResult {
  const proto = words[2];
  if (!proto || (proto.text !== 'tcp' && proto.text !== 'udp')) {
    const near = proto && closest(proto.text, ['tcp', 'udp']);
    return failAt(`expected tcp or udp after "nat forwards"${near ? `; did you mean "${near}"?` : ''}`, words, proto);
  }
  const endpoint = words[3];
  if (!endpoint) return failAt('expected the published ADDRESS:PORT, e.g. nat forwards tcp 10.0.0.1:8080 to 172.18.0.10:80', words, undefined);
  const published = parseEndpoint(endpoint.text);
  if ('problem' in published) return failAt(published.problem, words, endpoint);
  if (isIPv6(published.address)) return failAt(`"${published.address}" is an IPv6 address: ${IPV4_ONLY}`, words, endpoint);
  const target: OptionValue = (text) => {
    const withPort = /:\d+$/.test(text) ? parseEndpoint(text) : { address: text, port: undefined };
    if ('problem' in withPort) return withPort;
    const problem = ipv4Address(withPort.address, 'the address (and port) it goes to,');
    return problem ? { problem } : { value: text };
  };
  const options = parseOptions(words, 4, { in: ifname, to: target }, NAT_FORM);
  if (!options.ok) return options;
  const { in: iif, to } = options.values as { in?: string; to?: string };
  if (to === undefined) return failAt('"nat forwards" needs "to ADDRESS[:PORT]": where the connections go', words, undefined);
  const [toAddress, toPort] = to.split(':');
  return {
    ok: true,
    predicate: {
      kind: 'destination-nat', proto: proto.text, address: published.address, port: published.port,
      ...(iif !== undefined && { in: iif }), to: toAddress!, ...(toPort !== undefined && { toPort: Number(toPort) }),
    },
  };
}

/** `firewall accepts|drops icmp|tcp|udp [from A] [to B] [port N] [in IF] [out IF]`. */
export function parseFirewallPredicate(words: readonly Word[]): PredicateResult {
  const verdict = words[1];
  if (!verdict || (verdict.text !== 'accepts' && verdict.text !== 'drops')) {
    return failAt(FIREWALL_FORM + suggestPhrase('firewall', words.slice(1), ['accepts', 'drops']), words, verdict);
  }
  const proto = words[2];
  if (!proto || !['icmp', 'tcp', 'udp'].includes(proto.text)) {
    const near = proto && closest(proto.text, ['icmp', 'tcp', 'udp', 'ping']);
    const hint = near === 'ping' ? 'icmp' : near;
    return failAt(`expected icmp, tcp or udp after "firewall ${verdict.text}"${hint ? `; did you mean "${hint}"?` : ''}`, words, proto);
  }
  const keys: Record<string, OptionValue> = { from: prefix, to: prefix, in: ifname, out: ifname, ...(proto.text !== 'icmp' && { port }) };
  const options = parseOptions(words, 3, keys, FIREWALL_FORM + (proto.text === 'icmp' ? ' ("port" only with tcp or udp)' : ''));
  if (!options.ok) return options;
  const flow = { proto: proto.text, ...options.values } as Flow;
  return { ok: true, predicate: { kind: 'firewall', accepts: verdict.text === 'accepts', flow } };
}
