/**
 * The topology as SVG, laid out by Graphviz: the DOT source of render-dot.ts piped through
 * `dot -Tsvg` (dot(1)). Graphviz is a Debian package (`graphviz`), not a dependency of nslab
 * itself: only this format needs it.
 */
import { runCollected } from '../util/child-process.js';
import { debianPackageOf } from '../util/debian-packages.js';
import { EnvironmentError } from '../util/errors.js';
import type { TopologyGraph } from './model.js';
import { renderTopologyDot } from './render-dot.js';

/**
 * @param graph from buildTopology.
 * @param dot the Graphviz program to run (default `dot` from PATH).
 * @returns a standalone SVG document (XML), as dot prints it.
 * @throws EnvironmentError when `dot` is not installed (naming the Debian package graphviz), or
 *   when it fails (with its message).
 */
export async function renderTopologySvg(graph: TopologyGraph, dot = 'dot'): Promise<string> {
  // dot may exit before reading everything (a bad option): its stderr says why, not EPIPE.
  const { code, stdout, stderr, error } = await runCollected(dot, ['-Tsvg'], renderTopologyDot(graph));
  if (error) {
    throw error.code === 'ENOENT'
      ? new EnvironmentError(`--format svg needs Graphviz's \`dot\`, which is not installed: apt-get install ${debianPackageOf('dot')}`)
      : error;
  }
  if (code === 0) return stdout;
  throw new EnvironmentError(`dot -Tsvg failed: ${stderr.trim() || `exit status ${code}`}`);
}
