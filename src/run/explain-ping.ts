/**
 * The reason under a ping command that failed: the seed tutorial teaches by these failures
 * ("Network is unreachable": no route; 100% loss: the router does not forward), so when a
 * `ping` in a command block fails — expected or not — the run asks `nslab why` for the cause.
 */
import { isIP } from 'node:net';
import type { Expectation } from '../scenario/model.js';
import type { Exec } from '../sandbox/types.js';
import type { StateReader } from '../state/state-reader.js';
import { observationOf } from '../shell/observation.js';
import { isReadOnlyCommand } from '../shell/read-only.js';

/** Where a ping command pings from and to. */
export interface PingTarget {
  /** The namespace of `ip netns exec NS ping ...`; undefined for the runner's root namespace. */
  namespace?: string;
  /** An IPv4 or IPv6 address: its family is the walk's. */
  address: string;
}

/**
 * Recognises a one-line ping (IPv4 or IPv6: `ping -6`, `ping6`, an IPv6 address) however the namespace is entered: `ip netns exec NS ping ...`,
 * `ip -n`, `nsenter --net=/run/netns/NS ping ...`, `bash -c 'ping ...'`, under `sudo` or
 * `timeout` (the observation the command makes, shell/observation.ts).
 * @returns the source namespace and the address, or undefined for any other command
 */
export function pingTarget(command: string): PingTarget | undefined {
  if (command.includes('\n')) return undefined;
  const seen = observationOf(command);
  if (seen?.kind !== 'ping' || seen.target === undefined || isIP(seen.target) === 0) return undefined;
  // `ping -4 fd00::1` cannot send at all: nothing for the walk to explain.
  if (seen.family !== undefined && seen.family !== isIP(seen.target)) return undefined;
  return { ...(seen.namespace !== '' && { namespace: seen.namespace }), address: seen.target };
}

/** `why`'s cause for the ping's failure; undefined when it finds none or cannot look. */
async function diagnosePing(exec: Exec, target: PingTarget, reader?: StateReader): Promise<string | undefined> {
  try {
    const [{ why }, { failureExplanation }] = await Promise.all([import('../diagnose/why.js'), import('../diagnose/unread-rules.js')]);
    return failureExplanation(await why(exec, target.namespace ?? 'host', target.address, reader))?.because;
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
 * @param reader reads to share (see {@link explainPing})
 * @returns the pending explanation (never rejects), for {@link explainPing}; undefined when the
 *   command is not a read-only one-line ping, or is expected to succeed
 */
export function explainAhead(exec: Exec, command: string, expectation: Expectation, reader?: StateReader): Promise<string | undefined> | undefined {
  const failing = expectation.exit.kind === 'nonzero' || (expectation.exit.kind === 'code' && expectation.exit.code !== 0);
  if (!failing) return undefined;
  const target = pingTarget(command);
  // Only a command that cannot change the state itself (`ping ...; ip route add ...` would).
  if (!target || !isReadOnlyCommand(command)) return undefined;
  return diagnosePing(exec, target, reader);
}

/**
 * Why a failed ping failed, in one sentence, from the live state.
 * @param options `ahead`: the diagnosis {@link explainAhead} started while the ping ran, used
 *   instead of a new one, and waited for even when the ping succeeded, so that none of its reads
 *   overlaps a next command that may change the state (the runner lets only read-only ones
 *   start meanwhile: run-step.ts, mayOverlap); `reader`: reads to share with other diagnoses — only valid while
 *   nothing changed the state since its first read (the runner shares one across the read-only
 *   commands of a step: three failing pings in a row read each namespace once); `timedOut`: the
 *   command was stopped at its timeout (its exit code is then null), which a ping's failure is
 * @returns the cause `why` finds, or undefined when the command is not a ping, the ping
 *   succeeded or was interrupted, or `why` finds nothing (or cannot look)
 */
export async function explainPing(
  exec: Exec,
  command: string,
  exitCode: number | null,
  options: { ahead?: Promise<string | undefined>; reader?: StateReader; timedOut?: boolean } = {},
): Promise<string | undefined> {
  const early = await options.ahead;
  // A ping stopped at its timeout got no reply in time (ping -c without -W waits 10 s for one):
  // it failed as one that exited 1 did. Interrupted (Ctrl-C), it is nobody's failure.
  if (exitCode === 0 || (exitCode === null && !options.timedOut)) return undefined;
  if (options.ahead) return early;
  const target = pingTarget(command);
  return target ? diagnosePing(exec, target, options.reader) : undefined;
}
