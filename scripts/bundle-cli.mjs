// Bundles the CLI into dist/bundle/ with esbuild. Node 20 spends most of nslab's start-up
// resolving and compiling hundreds of small ES modules (markdown-it, js-yaml, commander...):
// ~330 ms unbundled against ~70 ms bundled for `run`, measured on the dev VM. Code splitting
// keeps each command loading only what it needs (`--help` loads no parser).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Chunk names carry content hashes: stale chunks from an earlier build would pile up.
rmSync(new URL('../dist/bundle', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // CommonJS dependencies (gray-matter, js-yaml) call require() for Node built-ins.
  banner: { js: "import { createRequire as __nslabRequire } from 'node:module'; const require = __nslabRequire(import.meta.url);" },
});
