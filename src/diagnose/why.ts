/**
 * `why(exec, SRC, DST)`: walks the path from SRC to DST and back over one snapshot of the
 * emulation and says where and why it breaks. Library entry point of `nslab why`, also used by
 * the ping check to explain a failure.
 */
import { isIPv6 } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Exec } from '../sandbox/types.js';
import { createStateReader, type StateReader } from '../state/state-reader.js';
import { tryTcpConnect, type TcpAttempt, type TcpOutcome } from '../state/try-tcp-connect.js';
import { UsageError } from '../util/errors.js';
import { globalV4, inSubnet, isV4 } from './ipv4.js';
import { explain } from './messages.js';
import { untranslatedSource } from './nat-cause.js';
import { lookupRoute } from './route-lookup.js';
import { LinksNotRead, takePartialSnapshot, type Snapshot } from './snapshot.js';
import { tcpCause } from './tcp-cause.js';
import type { Finding, Hop, Ns, WhyOptions, WhyResult } from './types.js';
import { walk, type WalkContext } from './walk.js';

/** SRC or DST naming the root namespace. */
export const HOST = 'host';

/** DST as a namespace name: its IPv4 address, preferring one on a subnet SRC is on. */
function addressOfNamespace(snap: Snapshot, src: Ns, dst: Ns): string | undefined {
  const theirs = snap.links(dst).flatMap((l) => globalV4(l.addresses));
  const ours = snap.links(src).flatMap((l) => globalV4(l.addresses));
  const near = theirs.find((t) => ours.some((o) => inSubnet(t.address, o.address, o.prefixlen)));
  return (near ?? theirs[0])?.address;
}

/** The source address the kernel would pick: the egress device's address on the next hop's subnet, else its first, else any. */
async function sourceAddress(snap: Snapshot, src: Ns, target: string): Promise<string | undefined> {
  const { route } = await lookupRoute(snap, src, { target });
  const nextHop = route?.gateway ?? target;
  const dev = globalV4(snap.links(src).find((l) => l.name === route?.dev)?.addresses ?? []);
  const all = snap.links(src).flatMap((l) => globalV4(l.addresses));
  return (dev.find((a) => inSubnet(nextHop, a.address, a.prefixlen)) ?? dev[0] ?? all[0])?.address;
}

/**
 * A reply with no route back that left the destination by another interface than the request
 * came in on: the multi-homed host's classic (it answers by its main table's default route).
 * The finding then says so, with the policy routing that sends replies back the way their
 * request came: a table whose default route goes via the neighbour that handed the request in,
 * and a rule for the address the request was sent to.
 */
async function withAsymmetry(snap: Snapshot, finding: Finding, hops: readonly Hop[], there: { arrived: Ns; packet: { target: string }; arrivedOn?: string }): Promise<Finding> {
  if ((finding.cause !== 'no-route-back' && finding.cause !== 'rp-filter') || there.arrivedOn === undefined) return finding;
  const leaving = hops.find((h) => h.direction === 'back' && h.from === there.arrived);
  if (leaving?.dev === undefined || leaving.dev === there.arrivedOn) return finding;
  const handedIn = hops.find((h) => h.direction === 'forward' && h.ok && h.to === there.arrived && h.from !== there.arrived);
  const inLink = snap.links(there.arrived).find((l) => l.name === there.arrivedOn);
  const theirs = handedIn?.dev === undefined ? [] : globalV4(snap.links(handedIn.from).find((l) => l.name === handedIn.dev)?.addresses ?? []);
  const gateway = theirs.find((t) => globalV4(inLink?.addresses ?? []).some((a) => inSubnet(t.address, a.address, a.prefixlen)))?.address;
  const used = new Set((await snap.rules(there.arrived)).map((r) => r.table));
  let table = 100;
  while (used.has(String(table))) table++;
  return {
    ...finding,
    asymmetric: {
      ns: there.arrived, address: there.packet.target, cameIn: there.arrivedOn, leftBy: leaving.dev,
      ...(gateway !== undefined && { gateway, table: String(table) }),
    },
  };
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
  if (!isV4(dst)) {
    if (dst !== HOST && !existing.includes(dst)) return { finding: { cause: 'no-such-namespace', name: dst, existing } };
    const resolved = addressOfNamespace(snap, from, toNs(dst));
    if (resolved === undefined) return { finding: { cause: 'no-address', ns: toNs(dst) } };
    address = resolved;
  }
  const source = (await sourceAddress(snap, from, address)) ?? '0.0.0.0';
  const there = await walk(snap, from, { source, target: address, direction: 'forward', traffic: ctx.traffic }, hops, ctx);
  if ('finding' in there) return { address, finding: there.finding };
  if (there.arrived !== from) {
    if (source === '0.0.0.0') return { address, finding: { cause: 'no-address', ns: from } };
    // The reply goes to the source the request arrived with (the router's, after source NAT),
    // from the destination it arrived at (the inner server, after destination NAT).
    const arrived = there.packet;
    const back = await walk(snap, there.arrived, { source: arrived.target, target: arrived.source, direction: 'back', traffic: arrived.traffic }, hops, ctx);
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
 * @param dst an IPv4 address, or a namespace name (resolved to its address on SRC's side).
 * @param reader optional reader whose reads are shared (a check's); one is made otherwise.
 * @param options `size`: ping's -s (ICMP data bytes), so an MTU mismatch that loses that
 *   packet is the finding rather than a warning; `tcpPort`: walk a TCP connection's packets
 *   (firewall rules on the port count) and then connect (bash /dev/tcp, 2 s timeout), finding
 *   the cause of a failure (`tcpAttempt`: one already made, e.g. by the `tcp` check).
 * @returns hops (forward then back, ending at the first ✘), the finding and its explanation,
 *   `ok` when every hop holds, and the time taken. A missing namespace is a finding, not an error.
 * @throws UsageError for an empty SRC/DST or an IPv6 DST (not supported yet);
 *   EnvironmentError when the state cannot be read (no `ip`, no privilege).
 */
export async function why(exec: Exec, src: string, dst: string, reader?: StateReader, options: WhyOptions = {}): Promise<WhyResult> {
  const started = performance.now();
  if (src.trim() === '' || dst.trim() === '') throw new UsageError('why needs a source namespace (or `host`) and a destination');
  if (isIPv6(dst) || dst.includes('/')) throw new UsageError(`why takes an IPv4 address or a namespace name as DST, not ${dst}`);
  // With a TCP port the walk ends in a connection attempt, which must not be repeated by a
  // rerun: everything is read first. Otherwise the source's links, and the rest when needed.
  const snap = await takePartialSnapshot(reader ?? createStateReader(exec), options.tcpPort === undefined ? [toNs(src)] : 'all');
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
