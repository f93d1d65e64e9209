/**
 * Why a TCP connection failed on a path whose hops all hold (`why --tcp PORT`, the `tcp`
 * check): a rule that may drop it (cause 9), TX checksum offload into an Open vSwitch
 * userspace-datapath bridge (17), an MTU mismatch (16), nothing listening, or iptables-legacy
 * rules that nslab does not read.
 */
import type { TcpAttempt } from '../state/try-tcp-connect.js';
import { exitedServerOnPort } from './exited-server.js';
import { explain } from './messages.js';
import type { Snapshot } from './snapshot.js';
import type { ExitedServer, Finding, Ns, Port, WhyResult } from './types.js';
import type { WalkContext } from './walk.js';

/**
 * Finds the cause of a failed connection.
 * @param attempt how the connection ended (not `accepted`).
 * @param dstNs the namespace that has the address.
 * @returns the finding; `tcp-fails` when nothing explains it.
 */
export async function tcpCause(snap: Snapshot, ctx: WalkContext, attempt: TcpAttempt, address: string, port: number, dstNs: Ns): Promise<Finding> {
  const mayDrop = ctx.warnings.find((w) => w.cause === 'firewall-drops');
  if (mayDrop) return mayDrop;
  if (attempt.outcome === 'refused') return { cause: 'tcp-refused', ns: dstNs, address, port };
  if (attempt.outcome === 'timed-out' && ctx.ovsEntries.length > 0) {
    // Observed here (src/state/read-tx-checksum.ts): the ends that send into the bridge matter.
    const ends: Port[] = [];
    for (const { port: end } of ctx.ovsEntries) {
      if ((await snap.txChecksumming(end.ns, end.ifname)) === true && !ends.some((e) => e.ns === end.ns && e.ifname === end.ifname)) ends.push(end);
    }
    if (ends.length > 0) return { cause: 'tcp-checksum-offload', bridge: ctx.ovsEntries[0]!.bridge, ends, address, port };
  }
  const mtu = ctx.warnings.find((w) => w.cause === 'mtu-mismatch');
  if (mtu) return mtu;
  // Rules nslab does not read, on a path it found clear: the likely cause.
  const legacy = ctx.warnings.find((w) => w.cause === 'iptables-legacy');
  if (legacy) return legacy;
  return { cause: 'tcp-fails', address, port, message: attempt.message ?? attempt.outcome };
}

/**
 * A refusal explained by the scenario's own server: when `why --tcp` found the connection
 * refused (`tcp-refused`) and a `background` command that named that port in that namespace
 * has exited, that server is the cause (`server-exited`, with its exit status and output).
 * @param result what {@link why} found
 * @param servers the run's exited `background` commands (the runner's facts)
 * @returns the result with the finding and explanation replaced, or `result` itself
 */
export function withExitedServer(result: WhyResult, servers: readonly ExitedServer[]): WhyResult {
  const refused = result.finding?.cause === 'tcp-refused' ? result.finding : undefined;
  const server = refused && exitedServerOnPort(servers, refused.ns, refused.port);
  if (!refused || !server) return result;
  const finding: Finding = { cause: 'server-exited', ns: refused.ns, address: refused.address, port: refused.port, server };
  return { ...result, finding, explanation: explain(finding) };
}
