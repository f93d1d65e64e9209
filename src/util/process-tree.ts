/**
 * Process trees read from /proc, for stopping a command together with everything it started.
 * Pids are host pids: nslab itself runs in the host's PID namespace, where processes of a
 * private sandbox are visible too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Direct children of a process.
 * @param pid host pid.
 * @returns child pids (empty when the process is gone). Source: `/proc/PID/task/TID/children`
 *   lists the children each thread forked — proc(5), needs CONFIG_PROC_CHILDREN (Debian has it).
 */
export function childPids(pid: number): number[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of tids) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
    } catch {
      continue; // the thread ended between readdir and read
    }
    for (const word of text.split(' ')) if (word.trim() !== '') children.push(Number(word));
  }
  return children;
}

/**
 * Every descendant of a process, breadth first (the process itself excluded).
 * @param pid host pid of the root.
 * @param skip pids whose whole subtree is left out (e.g. background jobs that must survive).
 * @returns host pids; a process that double-forked away (reparented to init) is not found.
 */
export function descendantPids(pid: number, skip: ReadonlySet<number> = new Set()): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of childPids(queue.shift()!)) {
      if (skip.has(child) || found.includes(child)) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** True when a process with that pid exists (zombies count as gone). */
export function isAlive(pid: number): boolean {
  try {
    // Field 3 of /proc/PID/stat is the state; Z = zombie, X = dead — proc(5).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone (ESRCH): nothing to do
  }
}

/**
 * Stops processes and all their descendants: SIGTERM, then SIGKILL to whatever is still
 * there after `graceMs`. The tree is collected before signalling, so children re-parented when
 * their parent dies are still reached.
 * @param roots host pids of the subtree roots.
 * @param options.includeRoots signal the roots themselves too (default true).
 * @param options.graceMs ms between SIGTERM and SIGKILL (default 500); the wait is skipped
 *   when everything is already gone.
 * @param options.interruptFirst send SIGINT first, as a terminal's Ctrl-C does, and SIGTERM
 *   only to what is still there `graceMs` later: a program that ends cleanly on it says what
 *   it did before it goes (ping prints its statistics and flushes its buffered output, which
 *   SIGTERM loses when its output is a pipe).
 * @param options.skip subtrees to spare (see {@link descendantPids}).
 * @returns once SIGKILL was sent (exit may still be in progress for a few µs). Never throws.
 */
export async function killTrees(
  roots: readonly number[],
  options: { includeRoots?: boolean; graceMs?: number; interruptFirst?: boolean; skip?: ReadonlySet<number> } = {},
): Promise<void> {
  const { includeRoots = true, graceMs = 500, skip } = options;
  const collect = (): number[] => {
    const pids = roots.flatMap((root) => [...(includeRoots ? [root] : []), ...descendantPids(root, skip)]);
    return [...new Set(pids)];
  };
  const first = collect();
  const signalAll = async (name: NodeJS.Signals): Promise<void> => {
    for (const pid of first) if (isAlive(pid)) signal(pid, name);
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && first.some(isAlive)) await sleep(20);
  };
  if (options.interruptFirst) await signalAll('SIGINT');
  await signalAll('SIGTERM');
  for (const pid of new Set([...first, ...collect()])) if (isAlive(pid)) signal(pid, 'SIGKILL');
}
