/**
 * Writing a file so that a reader (or a crash) never sees it half written.
 */
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to a temporary file beside `path`, then renames it over `path` (rename(2) is
 * atomic within one filesystem). Missing parent directories are created (mode 0700: state files
 * are the user's own).
 * @param path the file to write.
 * @param text its whole new content (UTF-8).
 * @param mode the new file's permission bits (default 0600).
 * @param owner the new file's owner (uid, gid), set when nslab runs as root; default: nslab's.
 * @throws the fs error (EACCES, ENOSPC, ...) after removing the temporary file.
 */
export async function writeFileAtomic(path: string, text: string, mode = 0o600, owner?: { uid: number; gid: number }): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await chmod(temp, mode); // after creation: writeFile's mode would be narrowed by the umask
    if (owner && process.getuid?.() === 0) await chown(temp, owner.uid, owner.gid);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
