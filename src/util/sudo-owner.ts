/**
 * Files nslab writes for a person who ran it with sudo(8) belong to that person, not to root:
 * sudo sets SUDO_USER, SUDO_UID and SUDO_GID to the invoking user's name and ids (sudo(8),
 * ENVIRONMENT), and their home comes from the password database (passwd(5), via getent(1)).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The person behind `sudo`. */
export interface SudoOwner {
  name: string;
  uid: number;
  gid: number;
  /** Their home directory, from the password database. */
  home: string;
}

/**
 * Whether nslab runs as root for another user through sudo: root, with SUDO_UID set and not 0
 * (sudo(8) sets SUDO_UID to the invoking user's uid). Synchronous and without the password
 * database, for callers that only need to know whether to trust files of theirs.
 * @param env the environment to read (default: process.env)
 */
export function runsForSudoUser(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.getuid?.() === 0 && env.SUDO_UID !== undefined && env.SUDO_UID !== '' && env.SUDO_UID !== '0';
}

/**
 * @param env the environment to read (default: process.env)
 * @returns the invoking user when nslab runs as root under sudo (and that user is not root),
 *   else undefined; also undefined when their passwd entry cannot be read
 */
export async function sudoOwner(env: NodeJS.ProcessEnv = process.env): Promise<SudoOwner | undefined> {
  if (!runsForSudoUser(env) || !env.SUDO_USER) return undefined;
  const uid = Number(env.SUDO_UID);
  const gid = Number(env.SUDO_GID);
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) return undefined;
  try {
    const { stdout } = await promisify(execFile)('getent', ['passwd', env.SUDO_USER]);
    // name:password:uid:gid:gecos:home:shell
    const home = stdout.trim().split(':')[5];
    return home ? { name: env.SUDO_USER, uid, gid, home } : undefined;
  } catch {
    return undefined;
  }
}
