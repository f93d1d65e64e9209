import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lintAndParseCached } from '../../src/lint/lint-cached.js';
import { lintAndParse } from '../../src/lint/lint-source.js';
import { openScenarioCache, type CacheKey, type LintedScenario, type ScenarioCache } from '../../src/lint/scenario-cache.js';

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

  it.runIf(process.getuid?.() === 0)('under sudo, writes for SUDO_USER: the entries and the directories it made are theirs', async () => {
    // nobody (65534) exists on Debian; its home from getent is not used because XDG_CACHE_HOME is set.
    const cache = await open('build-a', { ...env, SUDO_USER: 'nobody', SUDO_UID: '65534', SUDO_GID: '65534' });
    const file = 'scenarios/l3-router.md';
    const source = readFileSync(join(ROOT, file), 'utf8');
    const fresh = lintAndParse(source, file);
    await cache.write(cache.keyOf(file, source), { scenario: fresh.scenario!, warnings: fresh.problems });
    const [entry] = await readdir(cache.dir);
    for (const path of [join(home, 'cache'), join(home, 'cache', 'nslab'), cache.dir, join(cache.dir, entry!)]) {
      expect((await stat(path)).uid, path).toBe(65534);
    }
    expect((await stat(home)).uid).toBe(0);
  });

  describe('through lintAndParseCached', () => {
    const file = 'scenarios/l3-router.md';
    const source = readFileSync(join(ROOT, file), 'utf8');
    const fresh = lintAndParse(source, file);

    it('misses, writes, then hits with the same result', async () => {
      const cache = awaitable(await open());
      const key = cache.keyOf(file, source);
      expect(await cache.read(key)).toBeUndefined();
      expect(await lintAndParseCached(source, file, cache)).toStrictEqual(fresh);
      await cache.written();
      expect((await cache.read(key))?.scenario).toStrictEqual(fresh.scenario);
      expect(await lintAndParseCached(source, file, cache)).toStrictEqual({ problems: fresh.problems, scenario: fresh.scenario });
      // It is the entry that answers, not a second parse: an entry planted under the same key is believed.
      const [entry] = await readdir(cache.dir);
      const planted = (await readFile(join(cache.dir, entry!), 'utf8')).replace(fresh.scenario!.meta.title, 'Planted title');
      await writeFile(join(cache.dir, entry!), planted);
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
      const cache = awaitable(await open());
      const key = cache.keyOf(file, source);
      await lintAndParseCached(source, file, cache);
      await cache.written();
      const [entry] = await readdir(cache.dir);
      const path = join(cache.dir, entry!);
      const good = await readFile(path, 'utf8');
      const { key: storedKey, result } = JSON.parse(good) as { key: CacheKey; result: LintedScenario };
      const damaged = [
        good.slice(0, good.length / 2),
        'null',
        JSON.stringify({ key: storedKey }),
        JSON.stringify({ key: storedKey, result: { ...result, scenario: { ...result.scenario, steps: 'x' } } }),
        JSON.stringify({ key: storedKey, result: { ...result, scenario: { ...result.scenario, file: 'other.md' } } }),
      ];
      for (const text of damaged) {
        await writeFile(path, text);
        expect(await cache.read(key), text.slice(0, 60)).toBeUndefined();
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
      const [entry] = await readdir(cache.dir);
      const stored = JSON.parse(await readFile(join(cache.dir, entry!), 'utf8')) as { result: LintedScenario };
      stored.result.warnings = [error];
      await writeFile(join(cache.dir, entry!), JSON.stringify(stored));
      expect(await cache.read(key)).toBeUndefined();
      // A bad file is parsed as it is, whatever a good version of it left in the cache.
      const bad = source.replace('```check', '```check {exit=sometimes}');
      const result = await lintAndParseCached(bad, file, cache);
      expect(result.scenario).toBeUndefined();
      expect(result.problems.some((p) => p.severity === 'error')).toBe(true);
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
