// Writes dist/bundle/nslab.cjs.cache, the V8 code cache bin/load-cli.cjs loads the CLI with.
// V8 compiles a function only when it first runs, and a cache holds only compiled functions, so
// the bundle first runs the commands whose start-up matters (help, lint, a dry run of a
// scenario: parsing, linting, rendering; then a real run of a small scenario in a private
// sandbox, where one can be made), output discarded, and the cache is taken after.
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { loadCli, BUNDLE } = require('../bin/load-cli.cjs');

const root = join(__dirname, '..');
const WARM_UP = [['--help'], ['lint', join(root, 'scenarios')], ['run', '--dry-run', join(root, 'scenarios/l3-router.md')], ['generate', 'chain', '3']];

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

async function main() {
  const { exports: cli, script } = loadCli({ cachedData: undefined });
  await silently(async () => {
    for (const argv of WARM_UP) await cli.main(argv);
  });
  const failed = process.exitCode;
  process.exitCode = 0;
  if (failed) throw new Error(`a warm-up command failed (exit ${failed}): the bundle is broken`);
  await warmUpRun(cli);
  writeFileSync(BUNDLE + '.cache', script.createCachedData());
}
main();
