import { chmod, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { chownSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintAndParseCached } from '../../src/lint/lint-cached.js';
import { lintAndParse } from '../../src/lint/lint-source.js';
import { openScenarioCache, type ScenarioCache } from '../../src/lint/scenario-cache.js';
import { readCacheEntry, writeCacheEntry } from '../helpers/cache-entry.js';

const ROOT = join(import.meta.dirname, '../..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}

/** Every bundled scenario and every test fixture that parses without error, as relative paths. */
const VALID = [...markdownFiles(join(ROOT, 'scenarios')), ...markdownFiles(join(ROOT, 'test'))]
  .map((f) => relative(ROOT, f))
  .filter((f) => lintAndParse(readFileSync(join(ROOT, f), 'utf8'), f).scenario !== undefined);

/** How many RegExps a tree holds: the round trip must be shown to carry some. */
function regExpsIn(value: unknown): number {
  if (value instanceof RegExp) return 1;
  if (value === null || typeof value !== 'object') return 0;
  return Object.values(value).reduce((n: number, v) => n + regExpsIn(v), 0);
}

/** The real cache, with each background write's promise kept so that a test can wait for it. */
function awaitable(cache: ScenarioCache): ScenarioCache & { written(): Promise<void> } {
  const writes: Promise<void>[] = [];
  return {
    ...cache,
    write: (key, linted) => {
      const w = cache.write(key, linted);
      writes.push(w);
      return w;
    },
    written: async () => void (await Promise.all(writes)),
  };
}

describe('the scenario cache', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'nslab-scenario-cache-'));
    env = { XDG_CACHE_HOME: join(home, 'cache'), HOME: home };
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  const open = async (buildId = 'build-a', e = env) => (await openScenarioCache({ env: e, buildId }))!;

  it('gives back every bundled scenario and valid fixture equal to a fresh parse, RegExps and warnings included', async () => {
    expect(VALID.length).toBeGreaterThan(15);
    const cache = await open();
    let regExps = 0;
    for (const file of VALID) {
      const source = readFileSync(join(ROOT, file), 'utf8');
      const fresh = lintAndParse(source, file);
      const key = cache.keyOf(file, source);
      await cache.write(key, { scenario: fresh.scenario!, warnings: fresh.problems });
      const back = await cache.read(key);
      expect(back, file).toBeDefined();
      expect(back!.scenario, file).toStrictEqual(fresh.scenario);
      expect(back!.warnings, file).toStrictEqual(fresh.problems);
      regExps += regExpsIn(back!.scenario);
    }
    // match= attributes and `(re)` transcript lines: revived as RegExps, not as {} (toStrictEqual checks the type).
    expect(regExps).toBeGreaterThan(5);
    // One entry per path.
    expect((await readdir(cache.dir)).length).toBe(VALID.length);
  });

  it('is off without a build id (unbundled) and with NSLAB_NO_CACHE set; lives under $XDG_CACHE_HOME/nslab/scenarios', async () => {
    expect(await openScenarioCache({ env })).toBeUndefined(); // vitest runs src/: no build id
    expect(await openScenarioCache({ env: { ...env, NSLAB_NO_CACHE: '1' }, buildId: 'b' })).toBeUndefined();
    expect((await open()).dir).toBe(join(home, 'cache', 'nslab', 'scenarios'));
  });

  it('is off for root under sudo: root must not run commands from a file in the invoking user\'s home', async () => {
    const sudo = { ...env, SUDO_USER: 'nobody', SUDO_UID: '65534', SUDO_GID: '65534' };
    const opened = await openScenarioCache({ env: sudo, buildId: 'b' });
    if (process.getuid?.() === 0) expect(opened).toBeUndefined();
    else expect(opened).toBeDefined(); // SUDO_* of a non-root process is not sudo's doing
    expect(await openScenarioCache({ env: { ...env, SUDO_USER: 'root', SUDO_UID: '0' }, buildId: 'b' })).toBeDefined();
  });

  describe('through lintAndParseCached', () => {
    const file = 'scenarios/l3-router.md';
    const source = readFileSync(join(ROOT, file), 'utf8');
    const fresh = lintAndParse(source, file);

    /** The cache after l3-router.md was linted through it once: its key, its entry file and text. */
    async function cachedOnce() {
      const cache = awaitable(await open());
      const key = cache.keyOf(file, source);
      await lintAndParseCached(source, file, cache);
      await cache.written();
      const [name] = await readdir(cache.dir);
      const path = join(cache.dir, name!);
      return { cache, key, path, good: await readFile(path, 'utf8') };
    }

    it('misses, writes, then hits with the same result', async () => {
      const cache = awaitable(await open());
      const key = cache.keyOf(file, source);
      expect(await cache.read(key)).toBeUndefined();
      expect(await lintAndParseCached(source, file, cache)).toStrictEqual(fresh);
      await cache.written();
      expect((await cache.read(key))?.scenario).toStrictEqual(fresh.scenario);
      expect(await lintAndParseCached(source, file, cache)).toStrictEqual({ problems: fresh.problems, scenario: fresh.scenario });
      // It is the entry that answers, not a second parse: an entry planted under the same key is believed.
      const [name] = await readdir(cache.dir);
      const planted = readCacheEntry(join(cache.dir, name!));
      planted.result.scenario.meta.title = 'Planted title';
      writeCacheEntry(join(cache.dir, name!), planted);
      expect((await lintAndParseCached(source, file, cache)).scenario?.meta.title).toBe('Planted title');
    });

    it('misses after a one-byte edit, and for the same text under another path or build', async () => {
      const cache = awaitable(await open());
      await lintAndParseCached(source, file, cache);
      await cache.written();
      const edited = source.replace('ip_forward=1', 'ip_forward=0');
      expect(edited).not.toBe(source);
      expect(await cache.read(cache.keyOf(file, edited))).toBeUndefined();
      expect(await cache.read(cache.keyOf(`./${file}`, source))).toBeUndefined();
      expect(await (await open('build-b')).read({ ...cache.keyOf(file, source), build: 'build-b' })).toBeUndefined();
      expect(await lintAndParseCached(edited, file, cache)).toStrictEqual(lintAndParse(edited, file));
    });

    it('ignores a corrupt entry, or one of the wrong shape, and replaces it', async () => {
      const { cache, key, path, good } = await cachedOnce();
      const stored = readCacheEntry(path);
      const damaged: Array<() => void> = [
        () => writeFileSync(path, good.slice(0, good.length / 2)),
        () => writeFileSync(path, 'null'),
        () => writeFileSync(path, JSON.stringify(stored.header)),
        // Each step emptied, the checksum left as it was: damage, not a planted entry.
        () => writeCacheEntry(path, { ...stored, result: { ...stored.result, scenario: { ...stored.result.scenario, steps: [{}] } } }, 'kept'),
        // Even with a checksum that matches: steps that are not a list, another file.
        () => writeCacheEntry(path, { ...stored, result: { ...stored.result, scenario: { ...stored.result.scenario, steps: 'x' } } }),
        () => writeCacheEntry(path, { ...stored, result: { ...stored.result, scenario: { ...stored.result.scenario, file: 'other.md' } } }),
      ];
      for (const [i, damage] of damaged.entries()) {
        damage();
        expect(await cache.read(key), `damage ${i}`).toBeUndefined();
        expect(await lintAndParseCached(source, file, cache)).toStrictEqual(fresh);
        await cache.written();
        expect(await readFile(path, 'utf8')).toBe(good);
      }
    });

    it('never gives an error from the cache, and never writes one', async () => {
      const cache = awaitable(await open());
      const key = cache.keyOf(file, source);
      const error = { file, line: 1, column: 1, severity: 'error' as const, rule: 'x', message: 'planted' };
      await cache.write(key, { scenario: fresh.scenario!, warnings: [error] });
      expect(await readdir(home)).not.toContain('cache'); // refused: nothing written at all
      await cache.write(key, { scenario: fresh.scenario!, warnings: [] });
      const [name] = await readdir(cache.dir);
      const stored = readCacheEntry(join(cache.dir, name!));
      writeCacheEntry(join(cache.dir, name!), { ...stored, result: { ...stored.result, warnings: [error] } });
      expect(await cache.read(key)).toBeUndefined();
      // A bad file is parsed as it is, whatever a good version of it left in the cache.
      const bad = source.replace('```check', '```check {exit=sometimes}');
      const result = await lintAndParseCached(bad, file, cache);
      expect(result.scenario).toBeUndefined();
      expect(result.problems.some((p) => p.severity === 'error')).toBe(true);
    });

    it('believes only a regular file of its own user that no one else can write, in such a directory', async () => {
      const { cache, key, path, good } = await cachedOnce();
      expect(await cache.read(key)).toBeDefined();
      await chmod(path, 0o620); // group-writable
      expect(await cache.read(key)).toBeUndefined();
      await chmod(path, 0o600);
      await chmod(cache.dir, 0o777); // anyone may replace the entry
      expect(await cache.read(key)).toBeUndefined();
      await chmod(cache.dir, 0o700);
      // A link to a good entry elsewhere (e.g. written by someone else) is not followed.
      const elsewhere = join(home, 'elsewhere.json');
      await writeFile(elsewhere, good, { mode: 0o600 });
      await rm(path);
      await symlink(elsewhere, path);
      expect(await cache.read(key)).toBeUndefined();
      // A FIFO is not waited on (open(2) would block until a writer came).
      await rm(path);
      execFileSync('mkfifo', ['-m', '600', path]);
      expect(await cache.read(key)).toBeUndefined();
      expect(await lintAndParseCached(source, file, cache)).toStrictEqual(fresh);
      if (process.getuid?.() === 0) {
        // Another user's file, with every other property right.
        await rm(path);
        await writeFile(path, good, { mode: 0o600 });
        expect(await cache.read(key)).toBeDefined();
        chownSync(path, 65534, 65534);
        expect(await cache.read(key)).toBeUndefined();
      }
    });

    it('sweeps the temporary files of writes killed midway, once they are old', async () => {
      const cache = awaitable(await open());
      await lintAndParseCached(source, file, cache);
      await cache.written();
      const stale = join(cache.dir, '.abc.json.0badf00d.tmp');
      const recent = join(cache.dir, '.abc.json.12345678.tmp');
      await writeFile(stale, 'half');
      await writeFile(recent, 'half');
      const hourAgo = new Date(Date.now() - 3600_000);
      await utimes(stale, hourAgo, hourAgo);
      await lintAndParseCached(source.replace('ip_forward=1', 'ip_forward=0'), file, cache);
      await cache.written();
      const names = await readdir(cache.dir);
      expect(names).not.toContain('.abc.json.0badf00d.tmp');
      expect(names).toContain('.abc.json.12345678.tmp');
    });

    it('falls back to parsing when the cache cannot be written (its directory is a file)', async () => {
      await writeFile(join(home, 'cache'), 'not a directory');
      const cache = awaitable(await open());
      expect(await lintAndParseCached(source, file, cache)).toStrictEqual(fresh);
      await cache.written();
      expect(await cache.read(cache.keyOf(file, source))).toBeUndefined();
    });
  });
});
