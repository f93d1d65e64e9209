// Bundles the CLI into one CommonJS file, dist/bundle/nslab.cjs, with esbuild, then makes its
// V8 code cache (scripts/make-code-cache.cjs; loaded by bin/load-cli.cjs). Node 20 spends most
// of nslab's start-up resolving and compiling modules (markdown-it, js-yaml, commander...),
// which one bundled file mostly saves (docs/performance.md, "Costs behind the code"). Modules still
// initialise only when a command imports them (esbuild keeps `import()` lazy), and the code
// cache takes the parsing and compiling out of every start (docs/performance.md): one file,
// rather than ES module chunks, because only a script can be given a code cache in Node 20.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The build id (src/util/build-id.ts) is a hash of the finished bundle, which must contain the
// id itself: esbuild writes this placeholder, replaced below by an id of the same length, so
// that no column of the source map moves. Rebuilding the same sources gives the same id.
const BUILD_ID_PLACEHOLDER = 'nslab-build-id-placeholder-000000000000';
// Files of an earlier build (the ES module chunks of old builds, a stale cache) must not linger.
rmSync(new URL('../dist/bundle', import.meta.url), { recursive: true, force: true });
/** What the CLI's bundle and `nslab serve`'s have in common. */
const nodeBundle = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Less text to read and hash at every start; names stay, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // ES module dependencies (fdir) use import.meta.url, which a CommonJS file does not have.
  define: { 'import.meta.url': '__nslabImportMetaUrl', __NSLAB_BUILD_ID__: JSON.stringify(BUILD_ID_PLACEHOLDER) },
  banner: { js: "const __nslabImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({ ...nodeBundle, entryPoints: ['src/cli/main.ts'], outfile: 'dist/bundle/nslab.cjs' });
// Pure ASCII, so that bin/load-cli.cjs can read it as latin1 into a one-byte string: esbuild
// escapes non-ASCII text in strings but not in regular expression literals (markdown-it has `ẞ`
// and `…` in two), and a single such character made Node decode the whole 1.4 MB as a two-byte
// string, ~7–11 ms of every start against ~1–3 ms (measured with readFileSync). `\uXXXX` means
// the same code unit in a string, a template, a regular expression (with or without the u flag)
// and an identifier; a source-map column after such a character on its line is off by five.
const bundlePath = new URL('../dist/bundle/nslab.cjs', import.meta.url);
const escaped = readFileSync(bundlePath, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const parts = escaped.split(BUILD_ID_PLACEHOLDER);
if (parts.length < 2) throw new Error(`the bundle lacks the build id placeholder (src/util/build-id.ts must read __NSLAB_BUILD_ID__)`);
const buildId = createHash('sha256').update(escaped).digest('hex').slice(0, BUILD_ID_PLACEHOLDER.length);
writeFileSync(bundlePath, parts.join(buildId));
// The zx runner (src/zx/zx-runner.ts) is a bundle of its own, zx inside: only a scenario with a
// zx block starts it, in a child `node`, so nslab.cjs never loads zx, and the installed package
// needs no zx of its own (zx stays a devDependency).
await build({
  absWorkingDir: root,
  entryPoints: ['src/zx/zx-runner.ts'],
  outfile: 'dist/bundle/zx-runner.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
execFileSync(process.execPath, ['scripts/make-code-cache.cjs'], { cwd: root, stdio: 'inherit' });
// `nslab serve` (src/serve/serve-command.ts) is a bundle of its own: its web server, WebSocket
// and pty libraries load only when `serve` runs (cli/commands/serve.ts requires it), never at
// another command's start. node-pty is native: resolved from node_modules at run time.
await build({ ...nodeBundle, entryPoints: ['src/serve/serve-command.ts'], outfile: 'dist/bundle/serve.cjs', external: ['@lydell/node-pty'] });
// The same build id as the CLI's: the scenario cache the lessons are read through is shared.
const servePath = new URL('../dist/bundle/serve.cjs', import.meta.url);
writeFileSync(servePath, readFileSync(servePath, 'utf8').split(BUILD_ID_PLACEHOLDER).join(buildId));
// The lesson page's script (src/view/web/browser/, served by `nslab serve` at /assets/), with
// xterm.js and its fit add-on inside, and the page's styles beside it: all built here, so the
// page requests nothing from outside the package and the CLI's bundle never loads any of it.
{
  const { copyFileSync, mkdirSync } = await import('node:fs');
  rmSync(new URL('../dist/web', import.meta.url), { recursive: true, force: true });
  mkdirSync(new URL('../dist/web', import.meta.url), { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['src/view/web/browser/lesson.ts'],
    outfile: 'dist/web/lesson.js',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(new URL('../node_modules/@xterm/xterm/css/xterm.css', import.meta.url), new URL('../dist/web/xterm.css', import.meta.url));
  copyFileSync(new URL('../src/view/web/browser/lesson.css', import.meta.url), new URL('../dist/web/lesson.css', import.meta.url));
}
