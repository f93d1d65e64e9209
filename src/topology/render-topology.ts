/**
 * One entry point for every picture format of `nslab topo --format`.
 */
import type { TopologyGraph } from './model.js';
import { renderTopologyDot } from './render-dot.js';
import { renderTopologyMermaid } from './render-mermaid.js';
import { renderTopologySvg } from './render-svg.js';
import { renderTopologyText } from './render-text.js';

/** The formats of `--format`. */
export const TOPOLOGY_FORMATS = ['text', 'dot', 'mermaid', 'svg', 'json'] as const;

/** One of {@link TOPOLOGY_FORMATS}. */
export type TopologyFormat = (typeof TOPOLOGY_FORMATS)[number];

const RENDERERS: Record<TopologyFormat, (graph: TopologyGraph, width?: number) => string | Promise<string>> = {
  text: (g, width) => renderTopologyText(g, { width }),
  dot: renderTopologyDot,
  mermaid: renderTopologyMermaid,
  svg: (g) => renderTopologySvg(g),
  json: (g) => JSON.stringify(g, null, 2) + '\n',
};

/**
 * Renders the graph in a format.
 * @param width for `text`: the widest line, in terminal columns (default 80)
 * @returns the text to print (ends with a newline, except SVG as dot prints it).
 * @throws EnvironmentError for svg when Graphviz is missing (see renderTopologySvg).
 */
export async function renderTopology(graph: TopologyGraph, format: TopologyFormat, width?: number): Promise<string> {
  return RENDERERS[format](graph, width);
}

/** True for a format name of {@link TOPOLOGY_FORMATS}. */
export function isTopologyFormat(name: string): name is TopologyFormat {
  return (TOPOLOGY_FORMATS as readonly string[]).includes(name);
}
