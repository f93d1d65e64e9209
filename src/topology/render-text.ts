/**
 * The topology for a terminal: each connected part that is a chain or a ring drawn as boxes (name, role,
 * default gateway) joined by links labelled with each end's interface name and addresses;
 * faults marked in words (`✘ down`, `✘ not moved`), links with a fault drawn dashed (`┄`, `┆`),
 * and every fault listed in a sentence under the picture — never by colour alone.
 *
 * A chain takes the first of three layouts that fits the width: a row with both ends' labels
 * between two boxes (names above the link, addresses below); a row with each end's labels
 * beside its own box, the left end's above the link and the right end's below (a router
 * between two hosts in 66 columns instead of 92); a column of boxes, the labels beside each
 * link. A ring (a server with two uplinks to one client) is drawn between its two poles, one
 * lane above the other, its labels between or beside the boxes as a row's (shapes.ts chooses
 * the poles). When a part is neither (a switch with three hosts) or no layout fits, the picture
 * is an adjacency listing, folded to the width.
 */
import { wrapWords } from '../util/wrap-words.js';
import { endMarks, gatewayLabels, isFaulty, roleLabel, type LinkEnd, type TopoLink, type TopologyGraph, type TopoNode } from './model.js';
import { asChain, asRing, components, type Chain, type Part, type Ring } from './shapes.js';

/** Options of {@link renderTopologyText}. */
export interface TextOptions {
  /** Widest line allowed, in terminal columns (default {@link TOPOLOGY_WIDTH}). */
  width?: number;
}

/** The width a picture fits by default: a terminal's usual 80 columns. */
export const TOPOLOGY_WIDTH = 80;

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

/** Blocks of equal height side by side, as one block. */
function beside(blocks: Block[]): Block {
  return blocks[0]!.map((_, r) => blocks.map((b) => b[r]!).join(''));
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
 * A node's box, `height` rows tall: row 0 its top border, then its lines, its bottom border
 * below its last line and below the last row a link joins it on, blank rows under that.
 * @param joins the rows where a link leaves the box, on its left side and on its right
 */
function drawBox(node: TopoNode, height: number, joins: { left: number[]; right: number[] }): Block {
  const content = boxLines(node);
  const inner = Math.max(...content.map(width));
  const bottom = boxBottom(node, [...joins.left, ...joins.right]);
  return Array.from({ length: height }, (_, r) => {
    if (r === 0) return `┌${'─'.repeat(inner + 2)}┐`;
    if (r === bottom) return `└${'─'.repeat(inner + 2)}┘`;
    if (r > bottom) return ' '.repeat(inner + 4);
    const left = joins.left.includes(r) ? '┤' : '│';
    const right = joins.right.includes(r) ? '├' : '│';
    return `${left} ${pad(content[r - 1] ?? '', inner)} ${right}`;
  });
}

/** The row of a box's bottom border: under its lines and under every row a link joins it on. */
function boxBottom(node: TopoNode, joins: number[]): number {
  return Math.max(boxLines(node).length + 1, ...joins.map((r) => r + 1));
}

/**
 * A link between two boxes, `height` rows tall: its line on {@link LINK_ROW}, its labels on
 * their rows (the left text left-aligned, the right one right-aligned), `extra` columns wider
 * than its labels need.
 */
function drawLink(link: TopoLink, texts: Map<number, [string, string]>, height: number, extra = 0): Block {
  const span = Math.max(0, ...[...texts.values()].map(([l, r]) => width(l) + width(r) + (l && r ? 2 : 0))) + 2 + extra;
  return Array.from({ length: height }, (_, r) => {
    if (r === LINK_ROW) return (isFaulty(link) ? '┄' : '─').repeat(span);
    const [l, rt] = texts.get(r) ?? ['', ''];
    return ` ${l}${' '.repeat(span - 2 - width(l) - width(rt))}${rt} `;
  });
}

/** Each link's labels, or undefined when one cannot be placed that way. */
function labelsOf(links: TopoLink[], where: RowLabels): Array<Map<number, [string, string]>> | undefined {
  const labels = links.map((l) => linkLabels(l, where));
  return labels.every((l) => l !== undefined) ? (labels as Array<Map<number, [string, string]>>) : undefined;
}

/** Rows the links' labels and the boxes of `nodes` take. */
function rowsNeeded(nodes: TopoNode[], labels: Array<Map<number, [string, string]>>): number {
  return Math.max(LINK_ROW + 1, ...labels.flatMap((l) => [...l.keys()].map((r) => r + 1)), ...nodes.map((n) => boxBottom(n, [LINK_ROW]) + 1));
}

/**
 * The inside of a chain, without its first and last box: its links and the boxes between
 * them, `extra` columns added to its last link (to reach a box further right).
 */
function drawInside(chain: Chain, labels: Array<Map<number, [string, string]>>, height: number, extra = 0): Block {
  const last = chain.links.length - 1;
  return beside(chain.links.flatMap((link, i) => [
    drawLink(link, labels[i]!, height, i === last ? extra : 0),
    ...(i < last ? [drawBox(chain.nodes[i + 1]!, height, { left: [LINK_ROW], right: [LINK_ROW] })] : []),
  ]));
}

/**
 * Draws a chain as a row of boxes. Rows: 0 top border, 1 name, 2 role (the link's row), 3...
 * the rest of the box; link labels where {@link linkLabels} puts them.
 * @returns undefined when the labels cannot be placed that way
 */
function drawRow(chain: Chain, where: RowLabels): Block | undefined {
  const labels = labelsOf(chain.links, where);
  if (!labels) return undefined;
  const height = rowsNeeded(chain.nodes, labels);
  const first = chain.nodes[0]!;
  if (chain.links.length === 0) return drawBox(first, height, { left: [], right: [] });
  const last = chain.nodes[chain.nodes.length - 1]!;
  const blocks = [
    drawBox(first, height, { left: [], right: [LINK_ROW] }),
    drawInside(chain, labels, height),
    drawBox(last, height, { left: [LINK_ROW], right: [] }),
  ];
  return beside(blocks).map((r) => r.trimEnd());
}

/**
 * Draws a ring as its two poles, each a box as tall as both lanes, with one lane above the
 * other between them, each drawn as the inside of a row; the narrower lane's last link is
 * drawn longer, to reach the right pole. A blank row between the lanes.
 * @returns undefined when the labels cannot be placed that way
 */
function drawRing(ring: Ring, where: RowLabels): Block | undefined {
  const labels = ring.lanes.map((lane) => labelsOf(lane.links, where));
  if (!labels[0] || !labels[1]) return undefined;
  const heights = ring.lanes.map((lane, k) => rowsNeeded(lane.nodes.slice(1, -1), labels[k]!));
  const lower = heights[0]! + 1;
  const joins = [LINK_ROW, lower + LINK_ROW];
  const [left, right] = [ring.lanes[0].nodes[0]!, ring.lanes[0].nodes[ring.lanes[0].nodes.length - 1]!];
  const height = Math.max(lower + heights[1]!, ...[left, right].map((pole) => boxBottom(pole, joins) + 1));
  const widths = ring.lanes.map((lane, k) => width(drawInside(lane, labels[k]!, heights[k]!)[0]!));
  const span = Math.max(...widths);
  const [upper, under] = ring.lanes.map((lane, k) => drawInside(lane, labels[k]!, heights[k]!, span - widths[k]!));
  const middle = Array.from({ length: height }, (_, r) => upper![r] ?? under![r - lower] ?? ' '.repeat(span));
  const blocks = [drawBox(left, height, { left: [], right: joins }), middle, drawBox(right, height, { left: joins, right: [] })];
  return beside(blocks).map((r) => r.trimEnd());
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

/** A part in the first layout that fits the width, or undefined when none does (or it is neither chain nor ring). */
function drawFitting(part: Part, limit: number): Block | undefined {
  const chain = asChain(part);
  const ring = chain ? undefined : asRing(part);
  const layouts = chain
    ? [() => drawRow(chain, 'between'), () => drawRow(chain, 'beside'), () => drawColumn(chain)]
    : ring
      ? [() => drawRing(ring, 'between'), () => drawRing(ring, 'beside')]
      : [];
  for (const draw of layouts) {
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
  const blocks = components(graph).map((part) => drawFitting(part, limit));
  const drawn = blocks.every((b) => b !== undefined) ? pack(blocks as Block[], limit) : undefined;
  const lines = drawn ?? adjacency(graph, limit);
  if (graph.faults.length > 0) lines.push('', ...graph.faults.flatMap((f) => fold(`✘ ${f.message}`, limit, '  ')));
  return lines.join('\n') + '\n';
}
