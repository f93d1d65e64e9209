/**
 * Whether root (or whoever nslab runs as) may trust a directory with what it does next: write
 * files there by name, or act on what files there say. Trusted means no one else could have put
 * anything there or swapped any part of the path: the "secure directory" rule of CERT C FIO15-C,
 * as OpenSSH applies it to ~/.ssh (StrictModes). A symbolic link planted by a user (say
 * `~/.local/state/nslab/host-runs -> /etc`) would otherwise lead root's writes anywhere.
 */
import type { Stats } from 'node:fs';
import { lstat, mkdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

/**
 * Whether a file or directory is owned by `uid` and writable by no one else (no group or other
 * write bit, inode(7)).
 * @param s its lstat(2)/fstat(2) result (uid and mode are enough).
 * @param uid the owner it must have; undefined (a platform without uids): any owner.
 */
export function writableOnlyBy(s: Pick<Stats, 'uid' | 'mode'>, uid: number | undefined): boolean {
  return (uid === undefined || s.uid === uid) && (s.mode & 0o022) === 0;
}

/** What {@link trustedDir} found. */
export type TrustedDir =
  | { kind: 'trusted' }
  /** The directory (or a component on the way to it) does not exist: nothing there to trust. */
  | { kind: 'missing' }
  /** `path` (the directory or one on the way to it) is why: `reason` reads after it. */
  | { kind: 'untrusted'; path: string; reason: string };

/** Permission bits of the directories {@link trustedDir} creates (narrowed by the umask). */
export interface MakeDirModes {
  /** The directory itself, e.g. 0o700. */
  dir: number;
  /** Missing directories on the way to it, e.g. 0o755. */
  parents: number;
}

/**
 * Checks every component of an absolute path with lstat(2), from `/` down, never following a
 * symbolic link: each must be a real directory owned by root or by nslab's effective uid; the
 * directory itself writable by no one else; a directory on the way writable by others only if
 * sticky (S_ISVTX: others may add names there but not rename or remove ours, as in /tmp;
 * unlink(2), EPERM). Then nobody else can change the path between this check and a later use
 * of it by name.
 * @param dir an absolute path.
 * @param make when given, missing components are created (mkdir(2), these modes) and each is
 *   checked after it is made; without it, a missing directory is `missing`, even when a
 *   component on the way is untrusted (then there is nothing there to trust or distrust).
 * @returns trusted, missing, or the first untrusted component and why.
 * @throws the fs error (EACCES, EROFS, ...) when a component cannot be looked at or made.
 */
export async function trustedDir(dir: string, make?: MakeDirModes): Promise<TrustedDir> {
  if (!isAbsolute(dir)) throw new Error(`not an absolute path: ${dir}`);
  // Without `make`: only an existing directory is judged (lstat follows links before the last
  // component, which is what "exists" means to the caller; the walk below does not).
  if (!make && (await lstatOrMissing(dir)) === undefined) return { kind: 'missing' };
  const euid = process.geteuid?.();
  const names = dir.split('/').filter((n) => n !== '' && n !== '.');
  let path = '/';
  for (let i = 0; i <= names.length; i++) {
    if (i > 0) path = join(path, names[i - 1]!);
    const last = i === names.length;
    let s = await lstatOrMissing(path);
    if (s === undefined) {
      if (!make) return { kind: 'missing' }; // removed meanwhile
      await mkdir(path, last ? make.dir : make.parents).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error; // made meanwhile: judged below like any other
      });
      s = await lstat(path);
    }
    const reason = untrusted(s, last, euid);
    if (reason !== undefined) return { kind: 'untrusted', path, reason };
  }
  return { kind: 'trusted' };
}

/** The sticky bit (inode(7)); node's fs.constants lacks it. */
const S_ISVTX = 0o1000;

/** Why one component is not to be trusted, or undefined. */
function untrusted(s: Stats, last: boolean, euid: number | undefined): string | undefined {
  if (s.isSymbolicLink()) return 'is a symbolic link';
  if (!s.isDirectory()) return 'is not a directory';
  if (euid !== undefined && s.uid !== 0 && s.uid !== euid) {
    return `is owned by uid ${s.uid}, not by root${euid === 0 ? '' : ` or uid ${euid}`}`;
  }
  const sticky = (s.mode & S_ISVTX) !== 0;
  if ((s.mode & 0o022) !== 0 && (last || !sticky)) {
    return `can be written by its group or by others (mode ${(s.mode & 0o7777).toString(8).padStart(4, '0')})`;
  }
  return undefined;
}

async function lstatOrMissing(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
