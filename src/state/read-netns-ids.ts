/**
 * Which namespace a veth's peer is in. `ip -json link` gives the peer's namespace only as a
 * `link_netnsid`, an id private to the namespace it is read in; `ip netns list-id` in that same
 * namespace maps ids to names (ip-netns(8)), printing no name for a namespace that is not
 * under /run/netns — the root namespace, seen from a named one.
 */
import type { Exec } from '../sandbox/types.js';
import { ipArgv, readJson } from './run-ip.js';
import type { StateResult } from './types.js';

/**
 * Reads the nsid → name table of a namespace.
 * @param exec runs `ip [-n NS] -json netns list-id`.
 * @param ns the namespace whose ids these are; undefined = root namespace.
 * @returns a map from nsid to the namespace's name, or to undefined when it has none (for a
 *   named namespace that is the root namespace, or an unnamed one such as a container's).
 */
export async function readNetnsIds(exec: Exec, ns: string | undefined): Promise<StateResult<Map<number, string | undefined>>> {
  const read = await readJson(exec, ipArgv(ns, ['-json', 'netns', 'list-id']), ns);
  if (!read.ok) return read;
  const ids = new Map<number, string | undefined>();
  for (const row of read.value as Array<{ nsid: number; name?: string }>) ids.set(row.nsid, row.name);
  return { ok: true, value: ids };
}
