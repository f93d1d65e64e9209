/**
 * The topology for a terminal: each connected part drawn as a row of boxes (name, role,
 * default gateway) joined by links labelled with interface names above and addresses below;
 * faults marked in words (`✘ down`, `✘ not moved`), links with a fault drawn dashed (`┄`), and
 * every fault listed in a sentence under the picture — never by colour alone. A part that is
 * not a chain (a switch with three hosts, a ring), or a picture wider than the limit, falls
 * back to an adjacency listing.
 */
import { endMarks, isFaulty, roleLabel, type LinkEnd, type TopoLink, type TopologyGraph, type TopoNode } from './model.js';

/** Options of {@link renderTopologyText}. */
export interface TextOptions {
  /** Widest line allowed, in columns (default 100). */
  width?: number;
}

/** A drawn part: lines of equal width. */
type Block = string[];

const GAP = '   ';

function width(s: string): number {
  // Box-drawing characters and ✘ are one column wide on every terminal nslab targets.
  return [...s].length;
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)));
}

function endLabel(end: LinkEnd): string {
  return [end.ifname, ...endMarks(end)].join(' ');
}

function boxLines(node: TopoNode): string[] {
  const gateways = node.defaultRoutes.map((r) => {
    const via = /^via (\S+)/.exec(r);
    return via ? `gw ${via[1]}` : `default ${r}`;
  });
  return [node.name, roleLabel(node), ...gateways];
}

/** Splits the graph into connected parts, in node order. */
function components(graph: TopologyGraph): Array<{ nodes: TopoNode[]; links: TopoLink[] }> {
  const part = new Map<string, number>();
  const parts: Array<{ nodes: TopoNode[]; links: TopoLink[] }> = [];
  for (const start of graph.nodes) {
    if (part.has(start.id)) continue;
    const index = parts.push({ nodes: [], links: [] }) - 1;
    const queue = [start.id];
    part.set(start.id, index);
    while (queue.length > 0) {
      const id = queue.shift()!;
      for (const link of graph.links) {
        const [a, b] = link.ends.map((e) => e.node);
        const next = a === id ? b : b === id ? a : undefined;
        if (next !== undefined && !part.has(next)) {
          part.set(next, index);
          queue.push(next);
        }
      }
    }
  }
  for (const node of graph.nodes) parts[part.get(node.id)!]!.nodes.push(node);
  for (const link of graph.links) parts[part.get(link.ends[0].node)!]!.links.push(link);
  return parts;
}

/** The nodes of a part in chain order with the link between each two, or undefined when it is no chain. */
function asChain(part: { nodes: TopoNode[]; links: TopoLink[] }): { nodes: TopoNode[]; links: TopoLink[] } | undefined {
  const { nodes, links } = part;
  if (links.length !== nodes.length - 1) return undefined;
  const degree = new Map<string, number>();
  for (const l of links) {
    if (l.ends[0].node === l.ends[1].node) return undefined;
    for (const e of l.ends) degree.set(e.node, (degree.get(e.node) ?? 0) + 1);
  }
  if ([...degree.values()].some((d) => d > 2)) return undefined;
  const first = nodes.find((n) => (degree.get(n.id) ?? 0) <= 1)!;
  const chain = { nodes: [first], links: [] as TopoLink[], oriented: [] as TopoLink[] };
  let at = first.id;
  for (;;) {
    const link = links.find((l) => !chain.links.includes(l) && l.ends.some((e) => e.node === at));
    if (!link) break;
    chain.links.push(link);
    // Oriented left to right (a copy: the graph stays as it was).
    const oriented: TopoLink = link.ends[0].node === at ? link : { ...link, ends: [link.ends[1], link.ends[0]] };
    chain.oriented.push(oriented);
    at = oriented.ends[1].node;
    chain.nodes.push(nodes.find((n) => n.id === at)!);
  }
  return { nodes: chain.nodes, links: chain.oriented };
}

/**
 * Draws a chain. Rows: 0 top border, 1 name, 2 role (the link's row), 3... the rest of the box;
 * interface names sit on row 1 and addresses from row 3 down.
 */
function drawChain(chain: { nodes: TopoNode[]; links: TopoLink[] }): Block {
  const boxes = chain.nodes.map(boxLines);
  const addressRows = Math.max(0, ...chain.links.map((l) => Math.max(l.ends[0].addresses.length, l.ends[1].addresses.length)));
  const height = Math.max(3 + addressRows, ...boxes.map((b) => b.length + 2));
  const rows: string[] = Array.from({ length: height }, () => '');
  const LINK_ROW = 2;
  chain.nodes.forEach((_, i) => {
    const content = boxes[i]!;
    const inner = Math.max(...content.map(width));
    for (let r = 0; r < height; r++) {
      let cell: string;
      if (r === 0) cell = `┌${'─'.repeat(inner + 2)}┐`;
      else if (r === content.length + 1) cell = `└${'─'.repeat(inner + 2)}┘`;
      else if (r > content.length + 1) cell = ' '.repeat(inner + 4);
      else {
        const left = r === LINK_ROW && i > 0 ? '┤' : '│';
        const right = r === LINK_ROW && i < chain.links.length ? '├' : '│';
        cell = `${left} ${pad(content[r - 1]!, inner)} ${right}`;
      }
      rows[r] += cell;
    }
    const link = chain.links[i];
    if (!link) return;
    const [a, b] = link.ends;
    const labels: Array<[string, string]> = [[endLabel(a), endLabel(b)]];
    for (let k = 0; k < addressRows; k++) labels.push([a.addresses[k] ?? '', b.addresses[k] ?? '']);
    const span = Math.max(...labels.map(([l, r]) => width(l) + width(r) + 2)) + 2;
    const line = (isFaulty(link) ? '┄' : '─').repeat(span);
    const label = ([l, r]: [string, string]) => ` ${l}${' '.repeat(span - 2 - width(l) - width(r))}${r} `;
    for (let r = 0; r < height; r++) {
      if (r === LINK_ROW) rows[r] += line;
      else if (r === 1) rows[r] += label(labels[0]!);
      else if (r >= 3 && r - 2 < labels.length) rows[r] += label(labels[r - 2]!);
      else rows[r] += ' '.repeat(span);
    }
  });
  return rows.map((r) => r.trimEnd());
}

/** Puts blocks side by side, as many on a line as fit. */
function pack(blocks: Block[], limit: number): string[] | undefined {
  const out: string[] = [];
  let row: Block[] = [];
  const flush = () => {
    if (row.length === 0) return;
    const height = Math.max(...row.map((b) => b.length));
    const widths = row.map((b) => Math.max(...b.map(width)));
    if (out.length > 0) out.push('');
    for (let r = 0; r < height; r++) out.push(row.map((b, i) => pad(b[r] ?? '', widths[i]!)).join(GAP).trimEnd());
    row = [];
  };
  let used = 0;
  for (const block of blocks) {
    const w = Math.max(...block.map(width));
    if (w > limit) return undefined;
    if (row.length > 0 && used + GAP.length + w > limit) flush();
    used = row.length === 0 ? w : used + GAP.length + w;
    row.push(block);
  }
  flush();
  return out;
}

function adjacency(graph: TopologyGraph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const side = (e: LinkEnd) => [endLabel(e), ...e.addresses].join(' ');
  const out: string[] = [];
  for (const node of graph.nodes) {
    const routes = node.defaultRoutes.map((r) => ` · default ${r}`).join('');
    out.push(`${node.name} (${roleLabel(node)})${routes}`);
    for (const link of graph.links) {
      const i = link.ends.findIndex((e) => e.node === node.id);
      if (i < 0) continue;
      const [near, far] = [link.ends[i]!, link.ends[1 - i]!];
      out.push(`  ${side(near)} ${isFaulty(link) ? '┄┄' : '──'} ${side(far)} (${name.get(far.node)})`);
    }
  }
  return out;
}

/**
 * Draws the graph as text.
 * @param graph from buildTopology.
 * @returns lines joined with `\n`, ending with a newline: the picture (or an adjacency listing),
 *   then one `✘ ...` sentence per fault. `(no namespaces, links or bridges)` for an empty graph.
 */
export function renderTopologyText(graph: TopologyGraph, options: TextOptions = {}): string {
  const limit = options.width ?? 100;
  if (graph.nodes.length === 0) return '(no namespaces, links or bridges)\n';
  const parts = components(graph);
  const chains = parts.map(asChain);
  const drawn = chains.every((c) => c !== undefined) ? pack(chains.map((c) => drawChain(c!)), limit) : undefined;
  const lines = drawn ?? adjacency(graph);
  if (graph.faults.length > 0) lines.push('', ...graph.faults.map((f) => `✘ ${f.message}`));
  return lines.join('\n') + '\n';
}
