/**
 * Where `nslab serve`'s own bundle is: dist/bundle/serve.cjs (scripts/bundle-cli.mjs), loaded
 * by the CLI only when `serve` runs, so that its web server, WebSocket and pty libraries never
 * load for another command. The only module of serve/ the CLI bundle holds.
 */
import { fileURLToPath } from 'node:url';

/**
 * The bundle's path: this module is two directories below the package's root in src/, in dist/
 * and in the CLI bundle (dist/bundle/nslab.cjs, whose `import.meta.url` the build defines).
 */
export function serveBundlePath(): string {
  return fileURLToPath(new URL('../../dist/bundle/serve.cjs', import.meta.url));
}
