/**
 * The reason under a ping command that failed: the seed tutorial teaches by these failures
 * ("Network is unreachable": no route; 100% loss: the router does not forward), so when a
 * `ping` in a command block fails — expected or not — the run asks `nslab why` for the cause.
 */
import { isIPv4 } from 'node:net';
import type { Exec } from '../sandbox/types.js';

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

/**
 * Why a failed ping failed, in one sentence, from the live state.
 * @returns the cause `why` finds, or undefined when the command is not a ping, the ping
 *   succeeded, or `why` finds nothing (or cannot look)
 */
export async function explainPing(exec: Exec, command: string, exitCode: number | null): Promise<string | undefined> {
  if (exitCode === 0 || exitCode === null) return undefined;
  const target = pingTarget(command);
  if (!target) return undefined;
  try {
    const { why } = await import('../diagnose/why.js');
    const result = await why(exec, target.namespace ?? 'host', target.address);
    return result.explanation?.because;
  } catch {
    return undefined;
  }
}
