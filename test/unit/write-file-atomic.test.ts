/**
 * Writing files under sudo into a directory the invoking user may control: nothing may follow a
 * link that user put in place (write-file-atomic.ts).
 */
import { lstat, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/write-file-atomic.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nslab-atomic-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('replaces a link at the destination, leaving the file it pointed to as it was', async () => {
    const precious = join(dir, 'precious');
    await writeFile(precious, 'root data', { mode: 0o640 });
    const destination = join(dir, 'record.json');
    await symlink(precious, destination);
    await writeFileAtomic(destination, 'the record', 0o600);
    expect((await lstat(destination)).isSymbolicLink()).toBe(false);
    expect(await readFile(destination, 'utf8')).toBe('the record');
    expect(await readFile(precious, 'utf8')).toBe('root data');
    expect((await stat(precious)).mode & 0o777).toBe(0o640);
    expect((await stat(destination)).mode & 0o777).toBe(0o600);
  });
});
