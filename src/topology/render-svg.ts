/**
 * The topology as SVG, laid out by Graphviz: the DOT source of render-dot.ts piped through
 * `dot -Tsvg` (dot(1)). Graphviz is a Debian package (`graphviz`), not a dependency of nslab
 * itself: only this format needs it.
 */
import { spawn } from 'node:child_process';
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
export function renderTopologySvg(graph: TopologyGraph, dot = 'dot'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(dot, ['-Tsvg'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new EnvironmentError(`--format svg needs Graphviz's \`dot\`, which is not installed: apt-get install ${debianPackageOf('dot')}`)
          : error,
      );
    });
    // dot may exit before reading everything (a bad option): its stderr says why, not EPIPE.
    child.stdin.on('error', () => {});
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else if (code !== null || stderr) reject(new EnvironmentError(`dot -Tsvg failed: ${stderr.trim() || `exit status ${code}`}`));
    });
    child.stdin.end(renderTopologyDot(graph));
  });
}
