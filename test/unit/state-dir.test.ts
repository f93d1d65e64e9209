import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nslabCacheDir, nslabStateDir } from '../../src/util/state-dir.js';
import { writeFileAtomic } from '../../src/util/write-file-atomic.js';

describe('nslabStateDir', () => {
  it('follows XDG_STATE_HOME, and ignores a relative one as the XDG spec says', () => {
    expect(nslabStateDir({ XDG_STATE_HOME: '/x/state', HOME: '/home/u' })).toBe('/x/state/nslab');
    expect(nslabStateDir({ XDG_STATE_HOME: 'rel', HOME: '/home/u' })).toBe('/home/u/.local/state/nslab');
    expect(nslabStateDir({ HOME: '/home/u' })).toBe('/home/u/.local/state/nslab');
  });
});

describe('nslabCacheDir', () => {
  it('follows XDG_CACHE_HOME, default ~/.cache, and ignores a relative one', () => {
    expect(nslabCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe('/x/cache/nslab');
    expect(nslabCacheDir({ XDG_CACHE_HOME: 'rel', HOME: '/home/u' })).toBe('/home/u/.cache/nslab');
    expect(nslabCacheDir({ HOME: '/home/u', XDG_STATE_HOME: '/x/state' })).toBe('/home/u/.cache/nslab');
  });
});

describe('writeFileAtomic', () => {
  it('creates missing directories, replaces the file whole, and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nslab-atomic-'));
    try {
      const path = join(dir, 'a', 'b', 'state.json');
      await writeFileAtomic(path, 'one');
      await writeFileAtomic(path, 'two');
      expect(await readFile(path, 'utf8')).toBe('two');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(await readdir(join(dir, 'a', 'b'))).toEqual(['state.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
