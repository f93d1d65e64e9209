/**
 * The processes of one tagged nslab run (see RUN_TAG_VARIABLE), for a test that has to say what
 * is still running when a run does not end, and then end it: which processes carry the tag,
 * which hold the test's end of the run's stdout/stderr open, and what each is waiting in.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { taggedPids } from './host-snapshot.js';

/**
 * What a child's fd 1 and 2 point at (`socket:[N]` or `pipe:[N]`: Node gives a spawned child a
 * socketpair end for a 'pipe' stdio), read right after spawn while the child is still the
 * process we started. Every process that inherits those descriptors shows the same link text in
 * /proc/PID/fd (proc(5)), which is how {@link fdHolders} finds them later.
 * @param pid host pid of the child
 * @returns the links (empty when the child is already gone)
 */
export function stdioLinks(pid: number): string[] {
  const links: string[] = [];
  for (const fd of [1, 2]) {
    try {
      links.push(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // gone already: nothing can hold its descriptors through it
    }
  }
  return [...new Set(links)];
}

/** A process holding one of the links, and under which descriptor numbers. */
export interface FdHolder {
  pid: number;
  fds: string[];
}

/**
 * Every process holding a descriptor whose /proc link is one of `links` (proc(5), /proc/PID/fd).
 * @returns holders, by pid; processes we may not read are skipped
 */
export function fdHolders(links: readonly string[]): FdHolder[] {
  const wanted = new Set(links);
  const holders: FdHolder[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // exited meanwhile
    }
    const held: string[] = [];
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (wanted.has(link)) held.push(`${fd}→${link}`);
      } catch {
        // closed meanwhile
      }
    }
    if (held.length > 0 && Number(pid) !== process.pid) holders.push({ pid: Number(pid), fds: held });
  }
  return holders;
}

/**
 * A readable account of a run's processes: `ps -o pid,ppid,stat,wchan:20,args` of everything
 * carrying the tag or holding the run's stdio, then which of them hold the stdio.
 * @param tag the run's RUN_TAG_VARIABLE value
 * @param links the run's stdio links ({@link stdioLinks})
 */
export function describeRunTree(tag: string, links: readonly string[]): string {
  const holders = fdHolders(links);
  const pids = [...new Set([...taggedPids(tag), ...holders.map((h) => h.pid)])].sort((a, b) => a - b);
  let table = '(no process left)';
  if (pids.length > 0) {
    try {
      table = execFileSync('ps', ['-o', 'pid,ppid,stat,wchan:20,args', '-p', pids.join(',')], { encoding: 'utf8' }).trimEnd();
    } catch (error) {
      // ps exits 1 when every listed pid has gone meanwhile
      table = `(ps: ${(error as { stdout?: string }).stdout?.trim() || 'every process ended meanwhile'})`;
    }
  }
  const held = holders.map((h) => `  ${h.pid}: ${h.fds.join(' ')}`).join('\n') || '  (none)';
  return `${table}\nholding the run's stdout/stderr (${links.join(', ') || 'unknown'}):\n${held}`;
}

/**
 * SIGKILLs every process carrying the tag and every holder of `links`, again until none is left
 * (a process may fork while we look), or 2 s passed.
 * @returns the pids signalled
 */
export async function killRunTree(tag: string, links: readonly string[] = []): Promise<number[]> {
  const signalled = new Set<number>();
  const deadline = Date.now() + 2000;
  for (;;) {
    const pids = [...taggedPids(tag), ...fdHolders(links).map((h) => h.pid)].filter((p) => p !== process.pid);
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 'SIGKILL');
        signalled.add(pid);
        return true;
      } catch {
        return false; // gone (ESRCH)
      }
    });
    if (alive.length === 0 || Date.now() >= deadline) return [...signalled];
    await new Promise((r) => setTimeout(r, 50));
  }
}
