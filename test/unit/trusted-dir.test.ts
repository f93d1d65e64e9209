import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trustedDir, writableOnlyBy } from '../../src/util/trusted-dir.js';

const MODES = { dir: 0o700, parents: 0o755 };
const isRoot = process.geteuid?.() === 0;

let base: string;
beforeEach(() => {
  // Under /tmp: root's and sticky, a directory on the way that others may write but not rename in.
  base = mkdtempSync(join(tmpdir(), 'nslab-trusted-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('trustedDir', () => {
  it('makes the missing directories (the last one 0700, those on the way 0755) and trusts them', async () => {
    const dir = join(base, 'a', 'b', 'runs');
    expect(await trustedDir(dir)).toEqual({ kind: 'missing' });
    expect(existsSync(join(base, 'a'))).toBe(false);
    expect(await trustedDir(dir, MODES)).toEqual({ kind: 'trusted' });
    expect(lstatSync(dir).mode & 0o7777).toBe(0o700);
    expect(lstatSync(join(base, 'a')).mode & 0o022).toBe(0);
    expect(await trustedDir(dir)).toEqual({ kind: 'trusted' });
    expect(await trustedDir(dir, MODES)).toEqual({ kind: 'trusted' });
  });

  it('refuses a symbolic link as the directory, and makes nothing through it', async () => {
    const target = join(base, 'target');
    mkdirSync(target, { mode: 0o700 });
    const dir = join(base, 'runs');
    symlinkSync(target, dir);
    for (const make of [undefined, MODES]) {
      expect(await trustedDir(dir, make)).toEqual({ kind: 'untrusted', path: dir, reason: 'is a symbolic link' });
    }
    // A link on the way: the first component that is one is named, and nothing is made below it.
    const below = join(dir, 'x', 'runs');
    expect(await trustedDir(below, MODES)).toEqual({ kind: 'untrusted', path: dir, reason: 'is a symbolic link' });
    expect(readdirSync(target)).toEqual([]);
  });

  it('refuses a file, and a directory that its group or others can write (sticky or not)', async () => {
    const file = join(base, 'file');
    writeFileSync(file, '');
    expect(await trustedDir(file)).toEqual({ kind: 'untrusted', path: file, reason: 'is not a directory' });
    const dir = join(base, 'open');
    mkdirSync(dir);
    for (const mode of [0o770, 0o1777]) {
      chmodSync(dir, mode);
      expect(await trustedDir(dir)).toEqual({
        kind: 'untrusted',
        path: dir,
        reason: `can be written by its group or by others (mode ${mode.toString(8).padStart(4, '0')})`,
      });
    }
  });

  it('accepts a sticky world-writable directory on the way (as /tmp), not a plain one', async () => {
    const shared = join(base, 'shared');
    mkdirSync(join(shared, 'runs'), { recursive: true, mode: 0o700 });
    chmodSync(shared, 0o1777);
    expect(await trustedDir(join(shared, 'runs'))).toEqual({ kind: 'trusted' });
    chmodSync(shared, 0o777);
    expect(await trustedDir(join(shared, 'runs'))).toMatchObject({ kind: 'untrusted', path: shared });
  });

  it('judges only a directory that exists: a missing one under an untrusted directory is missing', async () => {
    const open = join(base, 'open');
    mkdirSync(open, { mode: 0o777 });
    chmodSync(open, 0o777);
    expect(await trustedDir(join(open, 'runs'))).toEqual({ kind: 'missing' });
    expect(await trustedDir(join(open, 'runs'), MODES)).toMatchObject({ kind: 'untrusted', path: open });
    expect(readdirSync(open)).toEqual([]);
  });

  it.runIf(isRoot)("refuses another user's directory, as the directory or on the way to it", async () => {
    const theirs = join(base, 'theirs');
    mkdirSync(join(theirs, 'runs'), { recursive: true, mode: 0o700 });
    chownSync(theirs, 65534, 65534);
    const reason = 'is owned by uid 65534, not by root';
    expect(await trustedDir(theirs)).toEqual({ kind: 'untrusted', path: theirs, reason });
    expect(await trustedDir(join(theirs, 'runs'))).toEqual({ kind: 'untrusted', path: theirs, reason });
    expect(await trustedDir(join(theirs, 'new'), MODES)).toEqual({ kind: 'untrusted', path: theirs, reason });
    expect(existsSync(join(theirs, 'new'))).toBe(false);
  });

  it('wants an absolute path', async () => {
    await expect(trustedDir('relative/runs')).rejects.toThrow('not an absolute path: relative/runs');
  });
});

describe('writableOnlyBy', () => {
  it('is true for the owner given and no group or other write bit', () => {
    expect(writableOnlyBy({ uid: 5, mode: 0o40755 }, 5)).toBe(true);
    expect(writableOnlyBy({ uid: 5, mode: 0o40775 }, 5)).toBe(false);
    expect(writableOnlyBy({ uid: 5, mode: 0o100602 }, 5)).toBe(false);
    expect(writableOnlyBy({ uid: 6, mode: 0o40700 }, 5)).toBe(false);
    expect(writableOnlyBy({ uid: 6, mode: 0o40700 }, undefined)).toBe(true);
  });
});
