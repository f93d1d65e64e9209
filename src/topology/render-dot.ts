/**
 * The topology as a Graphviz graph (the DOT language, graphviz.org/doc/info/lang.html): one
 * node per namespace or bridge (boxes; switches rounded), one undirected edge per link with
 * each interface's name and addresses at its own end (taillabel/headlabel). A faulty link is
 * dashed and says `✘ down` / `✘ not moved` in its labels; faults are also the graph's label.
 */
import { endMarks, isFaulty, roleLabel, type LinkEnd, type TopologyGraph } from './model.js';

/** A DOT double-quoted string: `"` and `\` escaped, lines joined with `\n` (centred). */
function quote(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/[\\"]/g, (c) => `\\${c}`)).join('\\n')}"`;
}

function endLines(end: LinkEnd): string[] {
  return [[end.ifname, ...endMarks(end)].join(' '), ...end.addresses];
}

/**
 * @param graph from buildTopology.
 * @returns DOT source (`graph topology { ... }`), ending with a newline; node names are the
 *   graph's node ids (`ns:H1`, `br:s`), which `dot -Tsvg` keeps as each node's `<title>`.
 */
export function renderTopologyDot(graph: TopologyGraph): string {
  const out = ['graph topology {', '  rankdir=LR;', '  node [shape=box, fontname="monospace"];', '  edge [fontname="monospace", fontsize=10];'];
  for (const node of graph.nodes) {
    const gateways = node.defaultRoutes.map((r) => `default ${r}`);
    const style = node.role === 'switch' ? ', style=rounded' : node.role === 'root' ? ', style=dotted' : '';
    out.push(`  ${quote([node.id])} [label=${quote([node.name, roleLabel(node), ...gateways])}${style}];`);
  }
  for (const link of graph.links) {
    const [a, b] = link.ends;
    const style = isFaulty(link) ? ', style=dashed' : '';
    out.push(`  ${quote([a.node])} -- ${quote([b.node])} [taillabel=${quote(endLines(a))}, headlabel=${quote(endLines(b))}${style}];`);
  }
  if (graph.faults.length > 0) out.push(`  label=${quote(graph.faults.map((f) => `✘ ${f.message}`))};`, '  labelloc=b;');
  out.push('}');
  return out.join('\n') + '\n';
}
