/**
 * Claims on the names a `--host` run will create, so that two runs started together cannot both
 * pass the name check: each name is claimed by creating a file with O_EXCL (open(2): "if
 * pathname already exists, then open() fails with EEXIST"), which the kernel makes atomic. The
 * run that gets every claim goes on; the other is refused before anything runs, naming the run
 * that holds the names. A claim whose run is no longer alive (SIGKILL) is taken over.
 */
import { randomBytes } from 'node:crypto';
import { link, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreatedName } from './name-conflicts.js';

/** Who holds a claim: the same identity a record keeps (host-run-record.ts). */
export interface ClaimOwner {
  pid: number;
  pidStart: string;
  bootId: string;
}

/** The claims a run holds; release() gives them up (at the end of the run). */
export interface NameClaims {
  release(): Promise<void>;
}

/** Names already claimed by another live run. */
export class NamesClaimed extends Error {
  override name = 'NamesClaimed';
  constructor(
    readonly names: CreatedName[],
    readonly owner: ClaimOwner,
  ) {
    super(`claimed by the --host run of pid ${owner.pid}`);
  }
}

/** `claim.ns.H1`, `claim.dev.R-eth1`: namespaces and devices are two name spaces of the kernel. */
function claimFile(dir: string, c: CreatedName): string {
  return join(dir, `claim.${c.kind === 'namespace' ? 'ns' : 'dev'}.${encodeURIComponent(c.name)}`);
}

/**
 * Claims every name, or none.
 * @param dir the records' directory (already checked trusted)
 * @param names what the run will create
 * @param alive whether a claim's owner still runs
 * @throws NamesClaimed with the names another live run holds (the claims made here are released)
 */
export async function claimNames(dir: string, names: readonly CreatedName[], owner: ClaimOwner, alive: (o: ClaimOwner) => Promise<boolean>): Promise<NameClaims> {
  // Every claim is a hard link to one complete file (link(2) fails with EEXIST atomically too):
  // another run never reads a claim half written.
  const source = join(dir, `.claim-${owner.pid}-${randomBytes(4).toString('hex')}`);
  await writeFile(source, JSON.stringify(owner), { mode: 0o600, flag: 'wx' });
  const made: string[] = [];
  const release = async () => {
    await Promise.all(made.map((f) => unlink(f).catch(() => {})));
  };
  const taken: CreatedName[] = [];
  let holder: ClaimOwner | undefined;
  try {
    for (const [file, name] of new Map(names.map((n) => [claimFile(dir, n), n]))) {
      const got = await claimOne(source, file, alive);
      if (got === true) made.push(file);
      else {
        taken.push(name);
        holder ??= got;
      }
    }
  } finally {
    await unlink(source).catch(() => {});
  }
  if (taken.length > 0) {
    await release();
    throw new NamesClaimed(taken, holder ?? { pid: 0, pidStart: '', bootId: '' });
  }
  return { release };
}

/** Links one claim; true when it is ours, else its live holder (undefined: unreadable). */
async function claimOne(source: string, file: string, alive: (o: ClaimOwner) => Promise<boolean>): Promise<true | ClaimOwner | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await link(source, file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const other = await readOwner(file);
    if (other && (await alive(other))) return other;
    // Left by a run that died: take it over, once (losing the retry to another run is a claim lost).
    if (attempt === 0) await unlink(file).catch(() => {});
  }
  return readOwner(file);
}

async function readOwner(file: string): Promise<ClaimOwner | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as ClaimOwner;
    return typeof value.pid === 'number' && typeof value.pidStart === 'string' && typeof value.bootId === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes the claims of runs that are no longer alive (a SIGKILLed run cannot release its own;
 * the next run would take them over anyway, `nslab clean` tidies them).
 * @returns how many were removed
 */
export async function removeStaleClaims(dir: string, alive: (o: ClaimOwner) => Promise<boolean>): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.startsWith('claim.'));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const owner = await readOwner(join(dir, name));
    if (owner && (await alive(owner))) continue;
    await unlink(join(dir, name)).then(() => removed++, () => {});
  }
  return removed;
}
