/**
 * The IPv4 forwarding and reverse-path-filter settings of a namespace in one process, for
 * `nslab why`: reading them one `sysctl -n` at a time would cost one process per interface.
 * Both are per network namespace (Documentation/networking/ip-sysctl.rst: `ip_forward`,
 * `conf/{all,default,IF}/rp_filter`).
 */
import type { Exec } from '../sandbox/types.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

/** IPv4 routing sysctls of one namespace. */
export interface NetSysctls {
  /** `net.ipv4.ip_forward`: 1 = the namespace routes packets between its interfaces. */
  ipForward: number;
  /**
   * `net.ipv4.conf.*.rp_filter` by interface name, plus `all` and `default`: 0 off, 1 strict,
   * 2 loose. The value in force on an interface is max(all, IF) (ip-sysctl.rst).
   */
  rpFilter: Record<string, number>;
}

/**
 * Reads ip_forward and every rp_filter of a namespace with one `grep -r` over /proc/sys
 * (which shows the reading process's own network namespace).
 * @param exec runs `[ip netns exec NS] grep -r --include=rp_filter --include=ip_forward .
 *   /proc/sys/net/ipv4/conf /proc/sys/net/ipv4/ip_forward`, which prints `PATH:VALUE` lines
 *   (`--include` filters the files named on the command line too, hence both globs).
 * @param ns namespace; undefined = root namespace.
 * @returns the values, or no-such-namespace / failed.
 */
export async function readNetSysctls(exec: Exec, ns: string | undefined): Promise<StateResult<NetSysctls>> {
  const argv = ['grep', '-r', '--include=rp_filter', '--include=ip_forward', '.', '/proc/sys/net/ipv4/conf', '/proc/sys/net/ipv4/ip_forward'];
  const result = await exec(inNamespace(ns, argv), { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, ns);
  const value: NetSysctls = { ipForward: 0, rpFilter: {} };
  for (const line of (result.stdout ?? result.output).split('\n')) {
    const m = /^\/proc\/sys\/net\/ipv4\/(?:conf\/([^/]+)\/rp_filter|ip_forward):(\d+)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === undefined) value.ipForward = Number(m[2]);
    else value.rpFilter[m[1]] = Number(m[2]);
  }
  return { ok: true, value };
}
