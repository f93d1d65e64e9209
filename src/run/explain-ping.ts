/**
 * The reason under a ping command that failed: the seed tutorial teaches by these failures
 * ("Network is unreachable": no route; 100% loss: the router does not forward), so when a
 * `ping` in a command block fails — expected or not — the run asks `nslab why` for the cause.
 */
import { isIPv4 } from 'node:net';
import type { Expectation } from '../scenario/model.js';
import type { Exec } from '../sandbox/types.js';
import { isReadOnlyCommand } from '../verify/read-only.js';

/** Where a ping command pings from and to. */
export interface PingTarget {
  /** The namespace of `ip netns exec NS ping ...`; undefined for the runner's root namespace. */
  namespace?: string;
  address: string;
}

/**
 * Recognises a one-line `ping ... ADDR` or `ip netns exec NS ping ... ADDR` (IPv4 only).
 * @returns the source namespace and the address, or undefined for any other command
 */
export function pingTarget(command: string): PingTarget | undefined {
  if (command.includes('\n')) return undefined;
  const words = command.trim().split(/\s+/);
  let namespace: string | undefined;
  if (words[0] === 'ip' && words[1] === 'netns' && words[2] === 'exec' && words[3] !== undefined) {
    namespace = words[3];
    words.splice(0, 4);
  }
  if (words[0] !== 'ping') return undefined;
  // The destination is ping's last operand; an option's argument (`-c 1`) is never an address.
  const address = words.slice(1).reverse().find((w) => isIPv4(w));
  return address === undefined ? undefined : { namespace, address };
}

/** `why`'s cause for the ping's failure; undefined when it finds none or cannot look. */
async function diagnosePing(exec: Exec, target: PingTarget): Promise<string | undefined> {
  try {
    const { why } = await import('../diagnose/why.js');
    const result = await why(exec, target.namespace ?? 'host', target.address);
    return result.explanation?.because;
  } catch {
    return undefined;
  }
}

/**
 * Starts the diagnosis of a ping while it still runs, when its block expects it to fail (the
 * tutorial's instructive failures: "Network is unreachable", 100% loss). `why` reads routes,
 * addresses, sysctls and firewall rules — never the neighbour table — and a read-only command
 * such as a ping changes none of them, so reading them during the ping gives the diagnosis
 * reading them after it would, without the wait: a lost ping's `-W 1` second covers it whole.
 * @param expectation the block's expectation: only an expected failure (`exit=nonzero` or a
 *   non-zero code) is diagnosed ahead
 * @returns the pending explanation (never rejects), for {@link explainPing}; undefined when the
 *   command is not a read-only one-line ping, or is expected to succeed
 */
export function explainAhead(exec: Exec, command: string, expectation: Expectation): Promise<string | undefined> | undefined {
  const failing = expectation.exit.kind === 'nonzero' || (expectation.exit.kind === 'code' && expectation.exit.code !== 0);
  if (!failing) return undefined;
  const target = pingTarget(command);
  // Only a command that cannot change the state itself (`ping ...; ip route add ...` would).
  if (!target || !isReadOnlyCommand(command)) return undefined;
  return diagnosePing(exec, target);
}

/**
 * Why a failed ping failed, in one sentence, from the live state.
 * @param ahead the diagnosis {@link explainAhead} started while the ping ran: used instead of a
 *   new one, and waited for even when the ping succeeded, so that none of its reads overlaps
 *   the next command
 * @returns the cause `why` finds, or undefined when the command is not a ping, the ping
 *   succeeded, or `why` finds nothing (or cannot look)
 */
export async function explainPing(exec: Exec, command: string, exitCode: number | null, ahead?: Promise<string | undefined>): Promise<string | undefined> {
  const early = await ahead;
  if (exitCode === 0 || exitCode === null) return undefined;
  if (ahead) return early;
  const target = pingTarget(command);
  return target ? diagnosePing(exec, target) : undefined;
}
