// Writes dist/bundle/nslab.cjs.cache, the V8 code cache bin/load-cli.cjs loads the CLI with.
// V8 compiles a function only when it first runs, and a cache holds only compiled functions, so
// the bundle first runs the commands whose start-up matters (help, lint, a dry run of a
// scenario: parsing, linting, rendering), output discarded, and the cache is taken after.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { loadCli, BUNDLE } = require('../bin/load-cli.cjs');

const root = join(__dirname, '..');
const WARM_UP = [['--help'], ['lint', join(root, 'scenarios')], ['run', '--dry-run', join(root, 'scenarios/l3-router.md')], ['generate', 'chain', '3']];

async function main() {
  const { exports: cli, script } = loadCli({ cachedData: undefined });
  const writes = [process.stdout.write, process.stderr.write];
  process.stdout.write = process.stderr.write = () => true;
  try {
    for (const argv of WARM_UP) await cli.main(argv);
  } finally {
    [process.stdout.write, process.stderr.write] = writes;
  }
  const failed = process.exitCode;
  process.exitCode = 0;
  if (failed) throw new Error(`a warm-up command failed (exit ${failed}): the bundle is broken`);
  writeFileSync(BUNDLE + '.cache', script.createCachedData());
}
main();
