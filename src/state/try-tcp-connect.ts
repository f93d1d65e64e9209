/**
 * One TCP connection attempt from a namespace, for the `tcp` check and `nslab why --tcp`.
 * bash's /dev/tcp (bash(1), REDIRECTION) opens the connection — bash is on every system nslab
 * runs on, unlike nc — under coreutils `timeout`, so a dropped SYN ends as a timeout, not a
 * hang. Address and port are passed as arguments ($1, $2) of a fixed script, never pasted
 * into it.
 */
import type { Exec } from '../sandbox/types.js';
import { inNamespace } from './run-ip.js';

/** How long a connection attempt may take, in seconds (the kernel resends a SYN after 1 s). */
export const TCP_CONNECT_TIMEOUT_S = 2;

/** How an attempt ended. */
export type TcpOutcome =
  /** The three-way handshake completed: something listens there. */
  | 'accepted'
  /** A RST came back (nothing listens, or a firewall's `reject with tcp reset`). */
  | 'refused'
  /** An ICMP error came back, or there was no route: the message says which. */
  | 'unreachable'
  /** Nothing came back in time: the SYN or its answer was lost or dropped. */
  | 'timed-out'
  /** The attempt could not be made (no such namespace, ...). */
  | 'error';

/** The outcome and, for a failure, the system's words (`Connection refused`, `No route to host`). */
export interface TcpAttempt {
  outcome: TcpOutcome;
  message?: string;
}

const SCRIPT = 'exec 3<>"/dev/tcp/$1/$2"';

/**
 * Tries to connect.
 * @param exec where to run (sandbox or host).
 * @param ns the namespace to connect from; undefined = root namespace.
 * @param address IPv4 or IPv6 address.
 * @param port 1-65535.
 * @returns the outcome; never throws. Takes at most {@link TCP_CONNECT_TIMEOUT_S} s (+ start-up).
 */
export async function tryTcpConnect(exec: Exec, ns: string | undefined, address: string, port: number): Promise<TcpAttempt> {
  const argv = inNamespace(ns, ['timeout', String(TCP_CONNECT_TIMEOUT_S), 'bash', '-c', SCRIPT, 'nslab-tcp', address, String(port)]);
  const result = await exec(argv, { timeoutMs: (TCP_CONNECT_TIMEOUT_S + 5) * 1000 });
  if (result.exitCode === 0) return { outcome: 'accepted' };
  // timeout(1) exits 124 when the time ran out.
  if (result.exitCode === 124 || result.timedOut) return { outcome: 'timed-out', message: `no answer within ${TCP_CONNECT_TIMEOUT_S} s` };
  const said = /connect: (.*)$/m.exec(result.output)?.[1]?.trim();
  if (said === 'Connection refused' || said === 'Connection reset by peer') return { outcome: 'refused', message: said };
  if (said !== undefined) return { outcome: 'unreachable', message: said };
  return { outcome: 'error', message: result.output.trim().split('\n').at(-1) || `exit status ${result.exitCode}` };
}
