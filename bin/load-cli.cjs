// Loads the CLI bundle (dist/bundle/nslab.cjs) with the V8 code cache made at build time
// (dist/bundle/nslab.cjs.cache, scripts/bundle-cli.mjs), so that Node does not parse and
// compile nslab's ~2 MB of JavaScript on every start. Node 20 has no module.enableCompileCache
// (Node >= 22.1), and ES modules cannot take cached data; a CommonJS script run through
// vm.Script can (Node docs, vm: `cachedData`, `script.createCachedData()`).
//
// The cache is only read here, never written: V8 checks it against the source and its own
// version and flags and rejects it when they differ (another Node, `--cpu-prof`...), and the
// bundle then simply compiles as usual. dist/ may belong to root or be read-only.
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle', 'nslab.cjs');

/**
 * The `require` the bundle gets. js-yaml 3 (under gray-matter) tries `require('esprima')` when
 * it loads, for its `!!js/function` type; gray-matter parses with the safe schema, which has no
 * such type, so loading esprima (~280 kB, ~10 ms) would be pure cost. It is reported missing.
 */
function bundleRequire() {
  const real = createRequire(BUNDLE);
  const req = (id) => {
    if (id === 'esprima') {
      const error = new Error("Cannot find module 'esprima' (not needed: scenarios are read with YAML's safe schema)");
      error.code = 'MODULE_NOT_FOUND';
      throw error;
    }
    return real(id);
  };
  return Object.assign(req, { resolve: real.resolve, cache: real.cache });
}

/**
 * Compiles and runs the bundle.
 * @param {{ cachedData?: Buffer }} [options] cachedData: a code cache to use instead of the file
 * @returns {{ exports: { main(argv: string[]): Promise<void> }, script: vm.Script }}
 * @throws the fs error (code ENOENT) when the bundle is not built
 */
function loadCli(options = {}) {
  // The bundle is pure ASCII (scripts/bundle-cli.mjs escapes the rest): latin1 reads it into a
  // one-byte string without UTF-8 decoding.
  const source = readFileSync(BUNDLE, 'latin1');
  let cachedData = options.cachedData;
  if (cachedData === undefined && !process.env.NSLAB_NO_CODE_CACHE) {
    try {
      cachedData = readFileSync(BUNDLE + '.cache');
    } catch {
      // No cache (a build without it): compile as usual.
    }
  }
  const script = new vm.Script(wrap(source), { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, bundleRequire(), module, BUNDLE, join(BUNDLE, '..'));
  return { exports: module.exports, script };
}

module.exports = { loadCli, BUNDLE };
