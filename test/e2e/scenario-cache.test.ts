/**
 * The scenario cache through the built CLI (dist/bundle: the only build with a build id) and,
 * for what a hit loads, through the unbundled dist/ in a fresh Node process.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCacheEntry, writeCacheEntry, type CacheEntryFile } from '../helpers/cache-entry.js';
import { ROOT, runCli, runProcess } from '../helpers/run-cli.js';

let work: string;
let env: NodeJS.ProcessEnv;
let lab: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'nslab-cache-e2e-'));
  env = { XDG_CACHE_HOME: join(work, 'cache'), NSLAB_NO_CACHE: '' };
  lab = join(work, 'lab.md');
  writeFileSync(lab, readFileSync(join(ROOT, 'test/fixtures/lint/requires.md'), 'utf8'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const entriesDir = () => join(work, 'cache', 'nslab', 'scenarios');

/** The one entry file, read, and a function to write it back (a planted entry, believed). */
function entry(): { data: CacheEntryFile; save(d: CacheEntryFile | string): void } {
  const names = readdirSync(entriesDir());
  expect(names).toHaveLength(1);
  const path = join(entriesDir(), names[0]!);
  return { data: readCacheEntry(path), save: (d) => (typeof d === 'string' ? writeFileSync(path, d) : writeCacheEntry(path, d)) };
}

describe('the scenario cache, through nslab lint and run', () => {
  it('is filled by the first lint, answers the next, and is bypassed by NSLAB_NO_CACHE, an edit or another build', async () => {
    const first = await runCli(['lint', lab], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${lab}:12:18: warning: "ifconfig" is used on line 12 but not listed in requires`);
    const { data, save } = entry();
    expect(data.header.key.path).toBe(lab);
    expect(data.header.key.build).toMatch(/^[0-9a-f]{39}$/);

    // A hit: a planted message under the right key is what lint prints.
    data.result.warnings[0]!.message = 'planted by the test';
    save(data);
    expect((await runCli(['lint', lab], env)).stdout).toContain(`${lab}:12:18: warning: planted by the test`);
    expect((await runCli(['lint', lab], { ...env, NSLAB_NO_CACHE: '1' })).stdout).toBe(first.stdout);

    // Another build's entry is not read (and is replaced).
    save({ ...data, header: { ...data.header, key: { ...data.header.key, build: 'other-build' } } });
    expect((await runCli(['lint', lab], env)).stdout).toBe(first.stdout);
    expect(entry().data.header.key.build).toBe(data.header.key.build);

    // One byte more in the file: a miss.
    save(data);
    writeFileSync(lab, readFileSync(lab, 'utf8') + '\n');
    expect((await runCli(['lint', lab], env)).stdout).toBe(first.stdout);
  });

  it('ignores a corrupt entry and replaces it', async () => {
    const first = await runCli(['lint', lab], env);
    const good = entry().data;
    entry().save('{"key": {"build": "');
    expect(readdirSync(entriesDir())).toHaveLength(1);
    const again = await runCli(['lint', lab], env);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toBe('');
    expect(entry().data).toEqual(good);
  });

  it('reports the error of a file made bad after a good version was cached: FILE:LINE and exit 2', async () => {
    expect((await runCli(['run', '--dry-run', lab], env)).code).toBe(0);
    expect(existsSync(entriesDir())).toBe(true);
    const lines = readFileSync(lab, 'utf8').split('\n');
    const fence = lines.findIndex((l) => l.startsWith('```sh'));
    expect(fence).toBeGreaterThan(0);
    lines[fence] = lines[fence]!.replace('```sh', '```sh {exit=sometimes}');
    writeFileSync(lab, lines.join('\n'));
    for (const args of [['run', '--yes', lab], ['run', '--dry-run', lab]]) {
      const run = await runCli(args, env);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(`${lab}:${fence + 1}:`);
      expect(run.stderr).toMatch(/error: .*exit/);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });
});

describe('a cache hit loads neither the parser nor markdown-it, gray-matter or js-yaml', () => {
  /**
   * Runs lintAndParseCached from the unbundled dist/ in a fresh Node process, with a resolve
   * hook (module.register) recording every module URL it loads. esbuild keeps the bundle's
   * module initialisation where the ES modules load (static imports initialise with their
   * importer, import() when it runs), so what this graph loads is what the bundle initialises.
   */
  async function loadedModules(file: string): Promise<string[]> {
    const log = join(work, `modules-${Date.now()}-${Math.random()}.log`);
    const hooks = `import { appendFileSync } from 'node:fs';
      export async function resolve(specifier, context, next) {
        const resolved = await next(specifier, context);
        appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
        return resolved;
      }`;
    const dist = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, 'dist', p)).href);
    const script = `
      import { register } from 'node:module';
      import { readFileSync } from 'node:fs';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));
      const { openScenarioCache } = await import(${dist('lint/scenario-cache.js')});
      const { lintAndParseCached } = await import(${dist('lint/lint-cached.js')});
      const cache = await openScenarioCache({ buildId: 'test-build', env: { XDG_CACHE_HOME: ${JSON.stringify(join(work, 'cache'))} } });
      let written = Promise.resolve();
      const awaited = { ...cache, write: (k, l) => (written = cache.write(k, l)) };
      const { scenario } = await lintAndParseCached(readFileSync(${JSON.stringify(file)}, 'utf8'), ${JSON.stringify(file)}, awaited);
      await written;
      process.stdout.write(String(scenario.steps.length));`;
    const run = await runProcess(process.execPath, ['--input-type=module', '-e', script]);
    expect(run.stderr.replace(/.*ExperimentalWarning.*\n?|.*--trace-warnings.*\n?/g, '')).toBe('');
    expect(Number(run.stdout)).toBeGreaterThan(3);
    return readFileSync(log, 'utf8').split('\n').filter((u) => u !== '');
  }

  const PARSING = /\/node_modules\/(markdown-it|gray-matter|js-yaml)\/|\/dist\/lint\/lint-source\.js$|\/dist\/scenario\/parse-scenario\.js$/;

  it('a miss loads them; the hit after it does not', async () => {
    const file = join(ROOT, 'scenarios/l3-router.md');
    const miss = await loadedModules(file);
    expect(miss.filter((u) => PARSING.test(u)).length).toBeGreaterThanOrEqual(4);
    const hit = await loadedModules(file);
    expect(hit.some((u) => u.endsWith('/dist/lint/scenario-cache.js'))).toBe(true);
    expect(hit.filter((u) => PARSING.test(u))).toEqual([]);
  });
});
