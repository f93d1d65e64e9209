/**
 * Whether an interface leaves the TCP/UDP checksum to the device (ethtool(8) `-k`:
 * `tx-checksumming: on`). A veth "device" never computes it: the checksum is filled in only
 * when the packet reaches a socket in the kernel. Open vSwitch's userspace datapath reads
 * frames from the veth end with a packet socket and sends them on unchanged, so a TCP segment
 * sent with offload on arrives with a wrong checksum and is dropped — ping works, TCP does not.
 * Seen on this machine: H1 — OVS(netdev) — H2, SYNs time out until the namespace-side ends
 * (those that send into the bridge) have `ethtool -K IF tx off`; turning it off on the
 * bridge-side ends alone changes nothing.
 */
import type { Exec } from '../sandbox/types.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

/**
 * Reads `tx-checksumming` of an interface.
 * @param exec runs `[ip netns exec NS] ethtool -k IF`.
 * @returns true when on (fixed or not), false when off, or a failure (no ethtool, no such device).
 */
export async function readTxChecksumming(exec: Exec, ns: string | undefined, ifname: string): Promise<StateResult<boolean>> {
  const result = await exec(inNamespace(ns, ['ethtool', '-k', ifname]), { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, ns);
  const m = /^tx-checksumming:\s*(on|off)/m.exec(result.stdout ?? result.output);
  if (!m) return { ok: false, reason: 'failed', message: `ethtool -k ${ifname} did not show tx-checksumming` };
  return { ok: true, value: m[1] === 'on' };
}
