/**
 * `why(exec, SRC, DST)`: walks the path from SRC to DST and back over one snapshot of the
 * emulation and says where and why it breaks. Library entry point of `nslab why`, also used by
 * the ping check to explain a failure.
 */
import { performance } from 'node:perf_hooks';
import type { Exec } from '../sandbox/types.js';
import type { AddressInfo } from '../state/types.js';
import { createStateReader, type StateReader } from '../state/state-reader.js';
import { tryTcpConnect, type TcpAttempt, type TcpOutcome } from '../state/try-tcp-connect.js';
import { UsageError } from '../util/errors.js';
import { familyOf, globalAddresses, inSubnet, isAddress, isLinkLocal, type Family } from './ip-address.js';
import { explain } from './messages.js';
import { untranslatedSource } from './nat-cause.js';
import { withAsymmetry } from './asymmetry.js';
import { lookupRoute } from './route-lookup.js';
import { LinksNotRead, takePartialSnapshot, type Snapshot } from './snapshot.js';
import { dadProblem, owns } from './neighbors.js';
import { tcpCause } from './tcp-cause.js';
import type { Finding, Hop, Ns, WhyOptions, WhyResult } from './types.js';
import { walk, type WalkContext } from './walk.js';

/** SRC or DST naming the root namespace. */
export const HOST = 'host';

/**
 * The family a namespace DST resolves to: the one asked for, else IPv4 when both ends have it,
 * else IPv6 when both do; when neither is common to both, the one SRC has (IPv6 for an
 * IPv6-only SRC), so that a missing address is named in the family the lab uses.
 */
function familyBetween(snap: Snapshot, src: Ns, dst: Ns, asked: Family | undefined): Family {
  if (asked !== undefined) return asked;
  const has = (ns: Ns, family: Family) => snap.links(ns).some((l) => globalAddresses(l.addresses, family).length > 0);
  if (has(src, 4) && has(dst, 4)) return 4;
  if (has(src, 6) && has(dst, 6)) return 6;
  return has(src, 6) && !has(src, 4) ? 6 : 4;
}

/** DST as a namespace name: its address of the family, preferring one on a subnet SRC is on. */
function addressOfNamespace(snap: Snapshot, src: Ns, dst: Ns, family: Family): string | undefined {
  const theirs = snap.links(dst).flatMap((l) => globalAddresses(l.addresses, family));
  const ours = snap.links(src).flatMap((l) => globalAddresses(l.addresses, family));
  const near = theirs.find((t) => ours.some((o) => inSubnet(t.address, o.address, o.prefixlen)));
  return (near ?? theirs[0])?.address;
}

/**
 * The source address the kernel would pick: the egress device's address on the next hop's
 * subnet, else its first, else any of the family (for IPv6 a simplification of RFC 6724's rules
 * that holds for labs with one global address per interface).
 */
async function sourceAddress(snap: Snapshot, src: Ns, target: string): Promise<string | undefined> {
  const family = familyOf(target) ?? 4;
  const { route } = await lookupRoute(snap, src, { target });
  const nextHop = route?.gateway ?? target;
  const dev = globalAddresses(snap.links(src).find((l) => l.name === route?.dev)?.addresses ?? [], family);
  const all = snap.links(src).flatMap((l) => globalAddresses(l.addresses, family));
  // An address held up by duplicate address detection is the kernel's last choice (RFC 6724, rule 3).
  const usable = (list: AddressInfo[]) => [...list.filter((a) => a.dad === undefined), ...list.filter((a) => a.dad !== undefined)];
  const [onDev, anywhere] = [usable(dev), usable(all)];
  return (onDev.find((a) => inSubnet(nextHop, a.address, a.prefixlen)) ?? onDev[0] ?? anywhere[0])?.address;
}

function toNs(name: string): Ns {
  return name === HOST ? undefined : name;
}

interface Diagnosis {
  address?: string;
  finding?: Finding;
  tcp?: TcpAttempt & { port: number };
}

async function diagnose(snap: Snapshot, src: string, dst: string, hops: Hop[], ctx: WalkContext, options: WhyOptions): Promise<Diagnosis> {
  const existing = [...snap.namespaces];
  if (src !== HOST && !existing.includes(src)) return { finding: { cause: 'no-such-namespace', name: src, existing } };
  const from = toNs(src);
  let address = dst;
  if (!isAddress(dst)) {
    if (dst !== HOST && !existing.includes(dst)) return { finding: { cause: 'no-such-namespace', name: dst, existing } };
    const family = familyBetween(snap, from, toNs(dst), options.family);
    const resolved = addressOfNamespace(snap, from, toNs(dst), family);
    if (resolved === undefined) return { finding: { cause: 'no-address', ns: toNs(dst), ...(family === 6 && { family }) } };
    address = resolved;
  }
  const unspecified = familyOf(address) === 6 ? '::' : '0.0.0.0';
  const source = (await sourceAddress(snap, from, address)) ?? unspecified;
  const dad = dadProblem(snap.links(from).map((link) => ({ ns: from, link })), source);
  if (dad) return { address, finding: { cause: 'address-tentative', address: source, ...dad, role: 'source' } };
  const there = await walk(snap, from, { source, target: address, direction: 'forward', traffic: ctx.traffic }, hops, ctx);
  if ('finding' in there) return { address, finding: there.finding };
  if (there.arrived !== from) {
    if (source === unspecified) return { address, finding: { cause: 'no-address', ns: from, ...(unspecified === '::' && { family: 6 as const }) } };
    // The reply goes to the source the request arrived with (the router's, after source NAT),
    // from the destination it arrived at (the inner server, after destination NAT).
    const arrived = there.packet;
    // An echo to a subnet-router anycast address is answered from a unicast address of the
    // router's own choosing (icmpv6_echo_reply, anycast_src_echo_reply off by default).
    const anycast = !owns(snap, there.arrived, arrived.target);
    const replySource = (anycast && (await sourceAddress(snap, there.arrived, arrived.source))) || arrived.target;
    const back = await walk(snap, there.arrived, { source: replySource, target: arrived.source, direction: 'back', traffic: arrived.traffic }, hops, ctx);
    if ('finding' in back) {
      const untranslated = await untranslatedSource(snap, { src: from, source, target: address }, hops, ctx, back.finding);
      return { address, finding: untranslated ?? (await withAsymmetry(snap, back.finding, hops, there)) };
    }
  }
  if (options.tcpPort === undefined) return { address };
  const port = options.tcpPort;
  const attempt = options.tcpAttempt
    ? { outcome: options.tcpAttempt.outcome as TcpOutcome, ...(options.tcpAttempt.message !== undefined && { message: options.tcpAttempt.message }) }
    : await tryTcpConnect(snap.exec, from, address, port);
  const tcp = { ...attempt, port };
  if (attempt.outcome === 'accepted') return { address, tcp };
  // A refusal comes from the server the connection reached: after destination NAT, the inner one.
  const reached = there.packet;
  const reachedPort = reached.traffic.proto === 'tcp' ? reached.traffic.port : port;
  return { address, tcp, finding: await tcpCause(snap, ctx, attempt, reached.target, reachedPort, there.arrived) };
}

/**
 * Diagnoses the path from SRC to DST and back.
 * @param exec where to look: a sandbox's Exec, or the host's (`createExec([])`, root needed).
 * @param src a namespace name, or `host` for the root namespace.
 * @param dst an IPv4 or IPv6 (global) address, or a namespace name, resolved to its address on
 *   SRC's side: of `options.family` when given, else IPv4 when both SRC and DST have one, else IPv6.
 *   The walk follows the address's family (IPv6: `ip -6 route`, net.ipv6.conf.all.forwarding,
 *   neighbour discovery, duplicate address detection).
 * @param reader optional reader whose reads are shared (a check's); one is made otherwise.
 * @param options `size`: ping's -s (ICMP data bytes), so an MTU mismatch that loses that
 *   packet is the finding rather than a warning; `tcpPort`: walk a TCP connection's packets
 *   (firewall rules on the port count) and then connect (bash /dev/tcp, 2 s timeout), finding
 *   the cause of a failure (`tcpAttempt`: one already made, e.g. by the `tcp` check); `family`:
 *   the family a namespace DST resolves to (a `ping -6`).
 * @returns hops (forward then back, ending at the first ✘), the finding and its explanation,
 *   `ok` when every hop holds, and the time taken. A missing namespace is a finding, not an error.
 * @throws UsageError for an empty SRC/DST, a prefix or an IPv6 link-local DST (meaningful only with an interface);
 *   EnvironmentError when the state cannot be read (no `ip`, no privilege).
 */
export async function why(exec: Exec, src: string, dst: string, reader?: StateReader, options: WhyOptions = {}): Promise<WhyResult> {
  const started = performance.now();
  if (src.trim() === '' || dst.trim() === '') throw new UsageError('why needs a source namespace (or `host`) and a destination');
  if (dst.includes('/') || dst.includes('%')) throw new UsageError(`why takes an address or a namespace name as DST, not ${dst}`);
  if (isLinkLocal(dst)) throw new UsageError(`${dst} is a link-local address, meaningful only on one link: give why a global address or a namespace name`);
  // With a TCP port the walk ends in a connection attempt, which must not be repeated by a
  // rerun: everything is read first. Otherwise the source's links, and the rest when needed.
  const first = options.tcpPort === undefined ? [toNs(src)] : 'all';
  const snap = await takePartialSnapshot(reader ?? createStateReader(exec), first, familyOf(dst) ?? options.family ?? 4);
  const traffic = options.tcpPort === undefined ? { proto: 'icmp' as const } : { proto: 'tcp' as const, port: options.tcpPort };
  let hops: Hop[];
  let ctx: WalkContext;
  let diagnosis: Diagnosis;
  // The walk starts over, with fresh hops and warnings, each time it reaches links not read yet:
  // every read is memoized, so a rerun costs only the (pure) walk itself.
  for (;;) {
    hops = [];
    ctx = { traffic, warnings: [], ovsEntries: [], translations: [], ...(options.size !== undefined && { size: options.size }) };
    try {
      diagnosis = await diagnose(snap, src, dst, hops, ctx, options);
      break;
    } catch (error) {
      if (!(error instanceof LinksNotRead)) throw error;
      await snap.load(error.ns);
    }
  }
  const { address, finding, tcp } = diagnosis;
  return {
    src: toNs(src),
    dst,
    ...(address !== undefined && { address }),
    hops,
    ...(finding && { finding, explanation: explain(finding) }),
    ok: finding === undefined,
    warnings: ctx.warnings,
    ...(tcp && { tcp }),
    durationMs: performance.now() - started,
  };
}
