/**
 * The topology as a Graphviz graph (the DOT language, graphviz.org/doc/info/lang.html), drawn
 * left to right as a person draws a network (arrange.ts): a router between its hosts, a switch
 * among them. Each node is a box (an HTML-like label, graphviz.org/doc/info/shapes.html#html)
 * with its name, role and default gateways in the middle and one cell per interface on the side
 * its link leaves from, holding the interface's name and addresses; each link is an undirected
 * edge from cell to cell (ports). Labels are thus parts of the nodes, which dot never lays over
 * one another: an edge's own head and tail labels (`headlabel`, `taillabel`) are placed without
 * regard for anything else and overlapped the boxes and each other. A faulty link is dashed and
 * its cells say `✘ down` / `✘ not moved`; faults are also the graph's label.
 */
import { arrange } from './arrange.js';
import { endMarks, gatewayLabels, isFaulty, roleLabel, type LinkEnd, type TopologyGraph, type TopoNode } from './model.js';

/** A DOT double-quoted string: `"` and `\` escaped, lines joined with `\n` (centred). */
function quote(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/[\\"]/g, (c) => `\\${c}`)).join('\\n')}"`;
}

/** Text for an HTML-like label: the XML special characters escaped. */
function html(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** One interface cell of a node: the link end, its port name, and which side of the box. */
interface Cell {
  end: LinkEnd;
  port: string;
  side: 'w' | 'e';
}

/** An interface cell: its name (and marks), then its addresses, one a line. */
function cellHtml(cell: Cell, rowSpan: number): string {
  const lines = [[cell.end.ifname, ...endMarks(cell.end)].join(' '), ...cell.end.addresses].map(html);
  return `<TD PORT="${cell.port}"${rowSpan > 1 ? ` ROWSPAN="${rowSpan}"` : ''} BALIGN="LEFT">${lines.join('<BR/>')}</TD>`;
}

/** The root namespace is the machine itself, not a box of the lab: drawn dashed. */
const MIDDLE_STYLE: Partial<Record<TopoNode['role'], string>> = { root: ' STYLE="dashed"' };

/**
 * A node as one table: the middle cell (name, role, gateways) spanning every row, the
 * interface cells of each side stacked beside it, the last of the shorter side stretched.
 * Adjacent cell borders coincide (CELLSPACING 0), so the box is drawn with single lines.
 */
function nodeHtml(node: TopoNode, cells: Cell[]): string {
  const west = cells.filter((c) => c.side === 'w');
  const east = cells.filter((c) => c.side === 'e');
  const rows = Math.max(1, west.length, east.length);
  const middle = [`<B>${html(node.name)}</B>`, html(roleLabel(node)), ...gatewayLabels(node).map(html)].join('<BR/>');
  const sideCell = (side: Cell[], row: number) => (row < side.length ? cellHtml(side[row]!, row === side.length - 1 ? rows - row : 1) : '');
  const trs = Array.from({ length: rows }, (_, row) => {
    const centre = row === 0 ? `<TD ROWSPAN="${rows}" CELLPADDING="6"${MIDDLE_STYLE[node.role] ?? ''}>${middle}</TD>` : '';
    return `<TR>${sideCell(west, row)}${centre}${sideCell(east, row)}</TR>`;
  });
  return `<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">${trs.join('')}</TABLE>>`;
}

/**
 * @param graph from buildTopology.
 * @returns DOT source (`graph topology { ... }`), ending with a newline; node names are the
 *   graph's node ids (`ns:H1`, `br:s`), which `dot -Tsvg` keeps as each node's `<title>`; the
 *   ports of a node are `i0`, `i1`, ... in link order.
 */
export function renderTopologyDot(graph: TopologyGraph): string {
  const { column, leftEnd } = arrange(graph);
  const cells = new Map<string, Cell[]>(graph.nodes.map((n) => [n.id, []]));
  const ports = graph.links.map((link, i) =>
    link.ends.map((end, k) => {
      const own = cells.get(end.node)!;
      // The left end's link leaves its box to the right (east), the right end's to the left.
      const cell: Cell = { end, port: `i${own.length}`, side: k === leftEnd[i] ? 'e' : 'w' };
      own.push(cell);
      return cell;
    }),
  );
  const out = [
    'graph topology {',
    '  rankdir=LR;',
    '  ranksep=0.6;',
    '  nodesep=0.3;',
    '  node [shape=plain, fontname="monospace", fontsize=10];',
    '  edge [penwidth=1.5];',
  ];
  for (const node of graph.nodes) out.push(`  ${quote([node.id])} [label=${nodeHtml(node, cells.get(node.id)!)}];`);
  graph.links.forEach((link, i) => {
    const left = ports[i]![leftEnd[i]!]!;
    const right = ports[i]![1 - leftEnd[i]!]!;
    const attributes = [
      ...(isFaulty(link) ? ['style=dashed'] : []),
      // Two nodes in one column (a ring closed between two branches): the link must not pull one after the other.
      ...(column.get(left.end.node) === column.get(right.end.node) ? ['constraint=false'] : []),
    ];
    const edge = `${quote([left.end.node])}:${left.port}:e -- ${quote([right.end.node])}:${right.port}:w`;
    out.push(`  ${edge}${attributes.length > 0 ? ` [${attributes.join(', ')}]` : ''};`);
  });
  if (graph.faults.length > 0) out.push(`  label=${quote(graph.faults.map((f) => `✘ ${f.message}`))};`, '  labelloc=b;', '  fontname="monospace";', '  fontsize=10;');
  out.push('}');
  return out.join('\n') + '\n';
}
