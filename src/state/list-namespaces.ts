/** Named network namespaces (those under /run/netns, the sandbox's own in a private sandbox). */
import type { Exec } from '../sandbox/types.js';
import { readJson } from './run-ip.js';
import type { StateResult } from './types.js';

/**
 * Lists the named network namespaces.
 * @param exec runs `ip -json netns list`, which prints `[]` — or nothing at all, depending on
 *   the iproute2 version — when there are none.
 * @returns names, in ip's order (newest first).
 */
export async function listNamespaces(exec: Exec): Promise<StateResult<string[]>> {
  const read = await readJson(exec, ['ip', '-json', 'netns', 'list'], undefined);
  if (!read.ok) return read;
  return { ok: true, value: (read.value as Array<{ name: string }>).map((n) => n.name) };
}
