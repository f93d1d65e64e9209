/** Kernel parameters. Those under net.* are per network namespace (sysctl(8), network_namespaces(7)). */
import type { Exec } from '../sandbox/types.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

/**
 * Reads one sysctl value.
 * @param exec runs `ip netns exec NS sysctl -n KEY`, or `sysctl -n KEY` for the root namespace.
 * @param ns namespace; undefined = root namespace.
 * @param key dotted (`net.ipv4.ip_forward`) or slashed (`net/ipv4/ip_forward`); procps sysctl
 *   accepts both.
 * @returns the value trimmed (a multi-value key such as `net.ipv4.ip_local_port_range` keeps
 *   its inner tab), or failed with sysctl's message (`sysctl: cannot stat /proc/sys/...`).
 */
export async function readSysctl(exec: Exec, ns: string | undefined, key: string): Promise<StateResult<string>> {
  const result = await exec(inNamespace(ns, ['sysctl', '-n', key]), { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, ns);
  return { ok: true, value: (result.stdout ?? result.output).trim() };
}
