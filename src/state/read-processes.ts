/**
 * The processes of a network namespace: those whose /proc/PID/ns/net is that namespace
 * (network_namespaces(7)), as `ip netns pids` finds them — read with one `ps` (procps), which
 * prints each process's network namespace inode beside its name and command line.
 */
import type { Exec } from '../sandbox/types.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

/** One process. */
export interface ProcessInfo {
  pid: number;
  /** The kernel's name for it (/proc/PID/comm, at most 15 characters). */
  comm: string;
  /** Its command line, arguments joined by spaces. */
  args: string;
  /** Ended but not yet reaped by its parent (state Z): no longer running. */
  zombie: boolean;
}

// `$$` is the shell that becomes ps (exec): left out of the list. The namespace is the one the
// script runs in (`ip netns exec`), named by its inode, as ps prints it.
const SCRIPT = 'echo "$$ $(readlink /proc/self/ns/net)"\nexec ps -e -o netns=,pid=,stat=,comm=,args=';

/**
 * Parses the script's output (first line `PID net:[INODE]`, then ps's lines).
 * @returns the processes in that namespace, the reading shell left out.
 */
export function parseProcesses(text: string): ProcessInfo[] {
  const [first = '', ...lines] = text.split('\n');
  const self = /^(\d+) net:\[(\d+)\]/.exec(first.trim());
  if (!self) return [];
  const processes: ProcessInfo[] = [];
  for (const line of lines) {
    const m = /^\s*(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m || m[1] !== self[2] || m[2] === self[1]) continue;
    processes.push({ pid: Number(m[2]), comm: m[4]!, args: m[5]!.trim(), zombie: m[3]!.startsWith('Z') });
  }
  return processes;
}

/**
 * Reads the processes whose network namespace is `ns`.
 * @param exec runs `[ip netns exec NS] sh -c SCRIPT` (a fixed script).
 * @param ns namespace; undefined = the root namespace of where exec runs.
 */
export async function readProcesses(exec: Exec, ns: string | undefined): Promise<StateResult<ProcessInfo[]>> {
  const result = await exec(inNamespace(ns, ['sh', '-c', SCRIPT]), { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, ns);
  return { ok: true, value: parseProcesses(result.stdout ?? result.output) };
}
