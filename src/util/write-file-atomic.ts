/**
 * Writing a file so that a reader (or a crash) never sees it half written.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to a temporary file beside `path`, then renames it over `path` (rename(2) is
 * atomic within one filesystem). Missing parent directories are created (mode 0700: state files
 * are the user's own).
 *
 * The mode and owner are set through the open file, never through its name (chmod(2) and
 * chown(2) follow a link that could have replaced the name meanwhile), and the temporary file is created with
 * O_CREAT|O_EXCL, which does not follow a link either (open(2)). Files of another user, under
 * sudo, are written with that user's rights instead (as-invoking-user.ts).
 * @param path the file to write.
 * @param text its whole new content (UTF-8).
 * @param mode the new file's permission bits (default 0600).
 * @param owner the new file's owner (uid, gid), set through the open file when nslab runs as
 *   root (`test --accept` keeps a scenario's owner); default: nslab's.
 * @throws the fs error (EACCES, ENOSPC, ...) after removing the temporary file.
 */
export async function writeFileAtomic(path: string, text: string, mode = 0o600, owner?: { uid: number; gid: number }): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const file = await open(temp, 'wx', 0o600);
    try {
      await file.writeFile(text);
      await file.chmod(mode); // through the descriptor: the mode given to open is narrowed by the umask
      if (owner && process.getuid?.() === 0) await file.chown(owner.uid, owner.gid);
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
