/**
 * The topology as a Mermaid flowchart (mermaid.js.org/syntax/flowchart.html), which GitHub
 * renders in a ```` ```mermaid ```` block: `flowchart LR`, one node per namespace or bridge
 * (switches as rounded boxes), one edge per link labelled `IF ADDR — IF ADDR`, dashed (`-.-`)
 * when it has a fault, the fault named in the label.
 */
import { endMarks, isFaulty, roleLabel, type LinkEnd, type TopologyGraph } from './model.js';

/**
 * Text inside a quoted Mermaid label: `"` and the characters Mermaid reads as markup are
 * written as entity codes (`#quot;`, flowchart "Entity codes to escape characters").
 */
function text(s: string): string {
  return s.replace(/["#<>]/g, (c) => `#${c.charCodeAt(0)};`);
}

function endText(end: LinkEnd): string {
  return [end.ifname, ...endMarks(end), ...end.addresses].map(text).join(' ');
}

/**
 * @param graph from buildTopology.
 * @returns Mermaid source starting `flowchart LR`, ending with a newline. Node ids are `n0`,
 *   `n1`, ... in graph order (namespace names may hold characters Mermaid ids cannot).
 */
export function renderTopologyMermaid(graph: TopologyGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const out = ['flowchart LR'];
  for (const node of graph.nodes) {
    const label = [node.name, roleLabel(node), ...node.defaultRoutes.map((r) => `default ${r}`)].map(text).join('<br/>');
    const [open, close] = node.role === 'switch' ? ['(', ')'] : ['[', ']'];
    out.push(`  ${ids.get(node.id)}${open}"${label}"${close}`);
  }
  for (const link of graph.links) {
    const [a, b] = link.ends;
    const edge = isFaulty(link) ? '-.-' : '---';
    out.push(`  ${ids.get(a.node)} ${edge}|"${endText(a)} — ${endText(b)}"| ${ids.get(b.node)}`);
  }
  return out.join('\n') + '\n';
}
