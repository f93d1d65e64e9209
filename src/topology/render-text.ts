/**
 * The topology for a terminal: each connected part that is a chain drawn as boxes (name, role,
 * default gateway) joined by links labelled with each end's interface name and addresses;
 * faults marked in words (`✘ down`, `✘ not moved`), links with a fault drawn dashed (`┄`, `┆`),
 * and every fault listed in a sentence under the picture — never by colour alone.
 *
 * A chain takes the first of three layouts that fits the width: a row with both ends' labels
 * between two boxes (names above the link, addresses below); a row with each end's labels
 * beside its own box, the left end's above the link and the right end's below (a router
 * between two hosts in 66 columns instead of 92); a column of boxes, the labels beside each
 * link. A part that is not a chain (a switch with three hosts, a ring) falls back to an
 * adjacency listing, folded to the width.
 */
import { wrapWords } from '../util/wrap-words.js';
import { endMarks, gatewayLabels, isFaulty, roleLabel, type LinkEnd, type TopoLink, type TopologyGraph, type TopoNode } from './model.js';

/** Options of {@link renderTopologyText}. */
export interface TextOptions {
  /** Widest line allowed, in terminal columns (default {@link TOPOLOGY_WIDTH}). */
  width?: number;
}

/** The width a picture fits by default: a terminal's usual 80 columns. */
export const TOPOLOGY_WIDTH = 80;

/** A chain: its nodes in order and the link between each two, oriented left to right. */
interface Chain {
  nodes: TopoNode[];
  links: TopoLink[];
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
  return [node.name, roleLabel(node), ...gatewayLabels(node)];
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
function asChain(part: { nodes: TopoNode[]; links: TopoLink[] }): Chain | undefined {
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

/** Where a row layout puts link labels: between the boxes, or each end's beside its own box. */
type RowLabels = 'between' | 'beside';

/** The row the links are drawn on: the boxes' second line of text (the role). */
const LINK_ROW = 2;

/**
 * A link's labels by row: `[left, right]` texts, left-aligned and right-aligned in the link's
 * span. `between`: both names on row 1, addresses from row 3 down. `beside`: the left end's
 * name and addresses on the rows above the link (two at most), the right end's below it.
 * @returns undefined when `beside` has no room above the link for the left end's lines
 */
function linkLabels(link: TopoLink, where: RowLabels): Map<number, [string, string]> | undefined {
  const [a, b] = link.ends;
  const rows = new Map<number, [string, string]>();
  if (where === 'between') {
    rows.set(1, [endLabel(a), endLabel(b)]);
    const count = Math.max(a.addresses.length, b.addresses.length);
    for (let k = 0; k < count; k++) rows.set(3 + k, [a.addresses[k] ?? '', b.addresses[k] ?? '']);
    return rows;
  }
  const left = [endLabel(a), ...a.addresses];
  const right = [endLabel(b), ...b.addresses];
  if (left.length > LINK_ROW) return undefined;
  left.forEach((text, k) => rows.set(LINK_ROW - left.length + k, [text, '']));
  right.forEach((text, k) => rows.set(LINK_ROW + 1 + k, ['', text]));
  return rows;
}

/**
 * Draws a chain as a row of boxes. Rows: 0 top border, 1 name, 2 role (the link's row), 3...
 * the rest of the box; link labels where {@link linkLabels} puts them.
 * @returns undefined when the labels cannot be placed that way
 */
function drawRow(chain: Chain, where: RowLabels): Block | undefined {
  const boxes = chain.nodes.map(boxLines);
  const labels = chain.links.map((l) => linkLabels(l, where));
  if (labels.some((l) => l === undefined)) return undefined;
  const lastLabelRow = Math.max(0, ...labels.flatMap((l) => [...l!.keys()]));
  const height = Math.max(lastLabelRow + 1, ...boxes.map((b) => b.length + 2));
  const rows: string[] = Array.from({ length: height }, () => '');
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
    const texts = labels[i]!;
    const span = Math.max(0, ...[...texts.values()].map(([l, r]) => width(l) + width(r) + (l && r ? 2 : 0))) + 2;
    for (let r = 0; r < height; r++) {
      const [l, rt] = texts.get(r) ?? ['', ''];
      if (r === LINK_ROW) rows[r] += (isFaulty(link) ? '┄' : '─').repeat(span);
      else rows[r] += ` ${l}${' '.repeat(span - 2 - width(l) - width(rt))}${rt} `;
    }
  });
  return rows.map((r) => r.trimEnd());
}

/** The column where a link leaves and enters the boxes of a column layout. */
const DROP = 3;

/**
 * Draws a chain as a column of boxes, each link a vertical line from the box above to the box
 * below, the upper end's name and addresses beside its top, the lower end's beside its bottom.
 */
function drawColumn(chain: Chain): Block {
  const out: string[] = [];
  chain.nodes.forEach((node, i) => {
    const content = boxLines(node);
    const inner = Math.max(...content.map(width));
    const border = (corner: [string, string], joint: string | undefined) => {
      const line = '─'.repeat(inner + 2);
      return corner[0] + (joint ? line.slice(0, DROP - 1) + joint + line.slice(DROP) : line) + corner[1];
    };
    out.push(border(['┌', '┐'], i > 0 ? '┴' : undefined), ...content.map((c) => `│ ${pad(c, inner)} │`));
    const link = chain.links[i];
    out.push(border(['└', '┘'], link ? '┬' : undefined));
    if (!link) return;
    const bar = ' '.repeat(DROP) + (isFaulty(link) ? '┆' : '│');
    const names = link.ends.map(endLabel);
    const nameWidth = Math.max(...names.map(width));
    const endLines = (k: 0 | 1) => {
      const end = link.ends[k];
      const addresses = end.addresses.length > 0 ? end.addresses : [''];
      return addresses.map((address, j) => `${bar} ${pad(j === 0 ? names[k]! : '', nameWidth)} ${address}`.trimEnd());
    };
    out.push(...endLines(0), bar, ...endLines(1));
  });
  return out;
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

/**
 * Folds a line that is wider than the limit at spaces, its continuation lines indented.
 * @param line plain text (no colour)
 */
function fold(line: string, limit: number, indent: string): string[] {
  if (width(line) <= limit) return [line];
  const lead = /^ */.exec(line)![0];
  const [first, ...rest] = wrapWords([{ text: line.slice(lead.length), paint: [] }], limit - lead.length).split('\n');
  const more = rest.length === 0 ? [] : wrapWords([{ text: rest.join(' '), paint: [] }], limit - lead.length - indent.length).split('\n');
  return [lead + first, ...more.map((l) => lead + indent + l)];
}

function adjacency(graph: TopologyGraph, limit: number): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const side = (e: LinkEnd) => [endLabel(e), ...e.addresses].join(' ');
  const out: string[] = [];
  for (const node of graph.nodes) {
    const routes = node.defaultRoutes.map((r) => ` · default ${r}`).join('');
    out.push(...fold(`${node.name} (${roleLabel(node)})${routes}`, limit, '  '));
    for (const link of graph.links) {
      const i = link.ends.findIndex((e) => e.node === node.id);
      if (i < 0) continue;
      const [near, far] = [link.ends[i]!, link.ends[1 - i]!];
      out.push(...fold(`  ${side(near)} ${isFaulty(link) ? '┄┄' : '──'} ${side(far)} (${name.get(far.node)})`, limit, '    '));
    }
  }
  return out;
}

/** A chain in the first layout that fits the width, or undefined when none does. */
function drawFitting(chain: Chain, limit: number): Block | undefined {
  for (const draw of [() => drawRow(chain, 'between'), () => drawRow(chain, 'beside'), () => drawColumn(chain)]) {
    const block = draw();
    if (block && Math.max(...block.map(width)) <= limit) return block;
  }
  return undefined;
}

/**
 * Draws the graph as text.
 * @param graph from buildTopology.
 * @param options.width the widest line, in terminal columns: every line fits it (a word wider
 *   than it, in the adjacency listing or a fault's sentence, is cut)
 * @returns lines joined with `\n`, ending with a newline: the picture (or an adjacency listing),
 *   then one `✘ ...` sentence per fault. `(no namespaces, links or bridges)` for an empty graph.
 */
export function renderTopologyText(graph: TopologyGraph, options: TextOptions = {}): string {
  const limit = options.width ?? TOPOLOGY_WIDTH;
  if (graph.nodes.length === 0) return '(no namespaces, links or bridges)\n';
  const chains = components(graph).map(asChain);
  const blocks = chains.every((c) => c !== undefined) ? chains.map((c) => drawFitting(c!, limit)) : [];
  const drawn = blocks.length > 0 && blocks.every((b) => b !== undefined) ? pack(blocks as Block[], limit) : undefined;
  const lines = drawn ?? adjacency(graph, limit);
  if (graph.faults.length > 0) lines.push('', ...graph.faults.flatMap((f) => fold(`✘ ${f.message}`, limit, '  ')));
  return lines.join('\n') + '\n';
}
