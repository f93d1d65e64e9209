/**
 * Which build of nslab is running. scripts/bundle-cli.mjs defines `__NSLAB_BUILD_ID__` in the
 * CLI bundle: a hash of the bundle's own text, so that anything an older build wrote for itself
 * (the scenario cache: the shape of a parsed Scenario changes between builds) is never read by
 * another one, and rebuilding unchanged sources keeps it.
 */

// Replaced by a string literal in the bundle (esbuild `define`); undeclared everywhere else.
declare const __NSLAB_BUILD_ID__: string | undefined;

/**
 * @returns the bundle's build id (hex), or undefined when running unbundled (dist/ as a
 *   library, vitest), where no build id exists and nothing may be cached across builds.
 */
export function nslabBuildId(): string | undefined {
  return typeof __NSLAB_BUILD_ID__ === 'string' ? __NSLAB_BUILD_ID__ : undefined;
}
