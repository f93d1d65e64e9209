/**
 * Everything a run of nslab could leave behind on the host, to compare before and after:
 * network namespaces (named and anonymous), links, OVS daemons, sandbox helper processes,
 * mounts and /tmp/nslab-* entries. Host-wide, so the tests using it run alone (vitest project
 * "exclusive" in vitest.config.ts); processes and namespaces can also be narrowed to one run's.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A snapshot: each kind of thing as a sorted list of strings. */
export type HostSnapshot = Record<string, string[]>;

/** Process names whose new instances would be leftovers of a run. */
const PROGRAMS = ['ovs-vswitchd', 'ovsdb-server', 'unshare', 'nsenter', 'setpriv'];

/**
 * Environment variable a test sets on the nslab it starts: every process of that run inherits
 * it (nslab passes its environment on), so a leftover process or namespace can be told apart
 * from those of other nslab runs on the same machine (another test suite, a developer).
 */
export const RUN_TAG_VARIABLE = 'NSLAB_TEST_RUN_TAG';

/**
 * Takes a snapshot of the host (this process's namespaces, every process in /proc).
 * @param tag when given, processes and network namespaces count only if a process carrying
 *   `NSLAB_TEST_RUN_TAG=tag` holds them: those of other runs on the machine are left out
 */
export function hostSnapshot(tag?: string): HostSnapshot {
  const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });
  const pids = tag === undefined ? allPids() : taggedPids(tag);
  const netns = new Set<string>();
  const processes: string[] = [];
  for (const pid of pids) {
    try {
      netns.add(readlinkSync(`/proc/${pid}/ns/net`));
    } catch {
      // exited meanwhile, or a kernel thread
    }
    const comm = readQuietly(`/proc/${pid}/comm`).trim();
    const cmdline = readQuietly(`/proc/${pid}/cmdline`).replace(/\0/g, ' ').trim();
    if (PROGRAMS.includes(comm) || /bin\/nslab /.test(cmdline)) processes.push(`${pid} ${comm} ${cmdline}`);
  }
  return {
    netns: [...netns].sort(),
    namedNetns: lines(ip('netns', 'list')),
    links: lines(ip('-o', 'link', 'show')).map((l) => l.replace(/^\d+: /, '').split(':')[0]!).sort(),
    processes: processes.sort(),
    // Mount lines as the host sees them (a leaked nsfs bind or tmpfs would show here).
    mounts: lines(readFileSync('/proc/self/mountinfo', 'utf8')).sort(),
    // nslab's own temporary directories are nslab-XXXXXX (mkdtemp); the tests' have longer
    // prefixes (nslab-e2e-...), and other test files may be making those right now.
    tmp: readdirSync('/tmp').filter((e) => /^nslab-[A-Za-z0-9]{6}$/.test(e)).sort(),
  };
}

/**
 * The processes carrying `NSLAB_TEST_RUN_TAG=tag` in their environment (/proc/PID/environ,
 * proc(5): the environment they started with). A zombie's reads empty, so it is not listed.
 * @returns host pids
 */
export function taggedPids(tag: string): number[] {
  const entry = `${RUN_TAG_VARIABLE}=${tag}`;
  return allPids().filter((pid) => readQuietly(`/proc/${pid}/environ`).split('\0').includes(entry));
}

/**
 * Polls until no process carries the tag, or `graceMs` passed: a PID namespace is torn down
 * asynchronously after its PID 1 exits (see waitForClean).
 * @returns the pids still carrying it (empty when none)
 */
export async function waitForUntagged(tag: string, graceMs = 2000): Promise<number[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = taggedPids(tag).filter((pid) => pid !== process.pid);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function allPids(): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number);
}

/** What `after` has that `before` had not, per kind (empty when nothing was left). */
export function leftovers(before: HostSnapshot, after: HostSnapshot): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [kind, items] of Object.entries(after)) {
    const old = new Set(before[kind]);
    const added = items.filter((i) => !old.has(i));
    if (added.length > 0) out[kind] = added;
  }
  return out;
}

/**
 * Polls until nothing is left over compared with `before`, or `graceMs` passed. This waits for
 * a condition, not a time: the kernel tears a PID namespace down asynchronously after its PID 1
 * exits, so its processes and network namespace can linger for some milliseconds.
 * @param tag see {@link hostSnapshot}
 * @returns what is still left over (empty object when clean)
 */
export async function waitForClean(before: HostSnapshot, graceMs = 2000, tag?: string): Promise<Record<string, string[]>> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = leftovers(before, hostSnapshot(tag));
    if (Object.keys(left).length === 0 || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readQuietly(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}
