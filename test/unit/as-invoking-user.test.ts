/**
 * Under sudo, the invoking user's files are read and written with their rights: what they
 * control (a link in their directory, a path they name) cannot lead root elsewhere.
 */
import { chown, chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canWriteAsUser, readdirAsUser, readFileAsUser, writeFileAsUser } from '../../src/util/as-invoking-user.js';

const NOBODY = { name: 'nobody', uid: 65534, gid: 65534, home: '/nonexistent' };

describe.runIf(process.getuid?.() === 0)('files of the invoking user, as that user', () => {
  let dir: string; // root's, 0755
  let theirs: string; // the user's own directory inside it
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nslab-as-user-'));
    await chmod(dir, 0o755);
    theirs = join(dir, 'home');
    await mkdir(theirs);
    await chown(theirs, NOBODY.uid, NOBODY.gid);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes whole files of theirs, making their directories 0700, and reads and lists them', async () => {
    const file = join(theirs, 'state', 'nslab', 'progress', 'a.json');
    await writeFileAsUser(NOBODY, file, '{"a": 1}\n', 0o600);
    expect(await readFile(file, 'utf8')).toBe('{"a": 1}\n');
    for (const path of [join(theirs, 'state'), join(theirs, 'state', 'nslab', 'progress'), file]) expect((await stat(path)).uid, path).toBe(NOBODY.uid);
    expect((await stat(join(theirs, 'state'))).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await writeFileAsUser(NOBODY, file, 'again', 0o644);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readFileAsUser(NOBODY, file)).toBe('again');
    expect(await readdirAsUser(NOBODY, join(theirs, 'state', 'nslab', 'progress'))).toEqual(['a.json']);
    expect(await canWriteAsUser(NOBODY, theirs)).toBe(true);
  });

  it('cannot be led by a link of theirs into a directory or a file of root', async () => {
    const rootOnly = join(dir, 'root-only');
    await mkdir(rootOnly, { mode: 0o755 });
    await symlink(rootOnly, join(theirs, 'state')); // the user's link to root's directory
    await expect(writeFileAsUser(NOBODY, join(theirs, 'state', 'nslab', 'progress', 'a.json'), 'x', 0o600)).rejects.toThrow();
    expect(await readdir(rootOnly)).toEqual([]);
    expect(await canWriteAsUser(NOBODY, join(theirs, 'state'))).toBe(false);

    const secret = join(dir, 'secret.json');
    await writeFile(secret, '{"schemaVersion": 1}', { mode: 0o600 });
    await symlink(secret, join(theirs, 'record.json'));
    expect(await readFileAsUser(NOBODY, join(theirs, 'record.json'))).toBeUndefined();
    // A report named anywhere: written only where they may write.
    await expect(writeFileAsUser(NOBODY, join(dir, 'report.json'), '{}', 0o644)).rejects.toThrow();
    await expect(lstat(join(dir, 'report.json'))).rejects.toThrow();
  });
});
