// Writes dist/bundle/nslab.cjs.cache, the V8 code cache bin/load-cli.cjs loads the CLI with.
// V8 compiles a function only when it first runs, and a cache holds only compiled functions, so
// the bundle first runs the commands whose start-up matters (help, lint, a dry run of a
// scenario: parsing, linting, rendering; then a real run of a small scenario in a private
// sandbox, where one can be made), output discarded, and the cache is taken after. The scenario
// cache (src/lint/scenario-cache.ts) lives in a temporary directory meanwhile: `lint` fills it
// (the parser and the rules compile), the dry run then reads from it (the revival compiles), and
// the build leaves nothing in the builder's ~/.cache.
'use strict';
const { mkdtempSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { loadCli, BUNDLE } = require('../bin/load-cli.cjs');

const root = join(__dirname, '..');
const LINTED = [['--help'], ['lint', join(root, 'scenarios')]];
const FROM_CACHE = [['run', '--dry-run', join(root, 'scenarios/l3-router.md')], ['generate', 'chain', '3']];

/** Runs `work` with stdout and stderr discarded (the warm-up's output is nobody's). */
async function silently(work) {
  const writes = [process.stdout.write, process.stderr.write];
  process.stdout.write = process.stderr.write = () => true;
  try {
    return await work();
  } finally {
    [process.stdout.write, process.stderr.write] = writes;
  }
}

/**
 * Runs scripts/code-cache-warm-up.md in a private sandbox, so that the cache also holds what
 * every run compiles: the sandbox, the shell session, the checks, `why` under a failing ping and
 * the terminal report (~20 ms of compiling per run, measured with a cache taken after a real run).
 * Best effort: where no sandbox can be made (no privilege, no unshare, `ip` missing) the run
 * fails, and the cache simply holds less. Its progress goes to a temporary state directory.
 */
async function warmUpRun(cli) {
  const state = mkdtempSync(join(tmpdir(), 'nslab-build-'));
  const saved = process.env.XDG_STATE_HOME;
  process.env.XDG_STATE_HOME = state;
  try {
    await silently(() => cli.main(['run', '--yes', join(root, 'scripts/code-cache-warm-up.md')]));
  } catch {
    // Only a warm-up.
  } finally {
    if (saved === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = saved;
    rmSync(state, { recursive: true, force: true });
    process.exitCode = 0;
  }
}

/**
 * Waits (polling, up to ~3 s) until the scenario cache under `cacheHome` holds an entry for
 * every scenario `lint` read: it writes them in the background. Best effort, as the rest.
 */
async function cacheFilled(cacheHome) {
  const wanted = readdirSync(join(root, 'scenarios')).filter((n) => n.endsWith('.md')).length;
  const entries = () => {
    try {
      return readdirSync(join(cacheHome, 'nslab', 'scenarios')).filter((n) => n.endsWith('.json')).length;
    } catch {
      return 0;
    }
  };
  for (let wait = 5, waited = 0; entries() < wanted && waited < 3000; waited += wait, wait = Math.min(wait * 2, 200)) {
    await new Promise((done) => setTimeout(done, wait));
  }
}

async function main() {
  const { exports: cli, script } = loadCli({ cachedData: undefined });
  const cacheHome = mkdtempSync(join(tmpdir(), 'nslab-build-cache-'));
  process.env.XDG_CACHE_HOME = cacheHome;
  try {
    await silently(async () => {
      for (const argv of LINTED) await cli.main(argv);
      await cacheFilled(cacheHome);
      for (const argv of FROM_CACHE) await cli.main(argv);
    });
    const failed = process.exitCode;
    process.exitCode = 0;
    if (failed) throw new Error(`a warm-up command failed (exit ${failed}): the bundle is broken`);
    await warmUpRun(cli);
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
  writeFileSync(BUNDLE + '.cache', script.createCachedData());
}
main();
