/**
 * The boxes of a Graphviz SVG picture, read from its markup without a browser: each node's box
 * (the union of its polygons) and each text's box, from its anchor, font size and length. The
 * text is monospace (render-dot.ts), whose advance is 0.6 em in DejaVu Sans Mono and Liberation
 * Mono; a line takes 0.8 em above its baseline and 0.2 em below.
 */
import { parse, type HTMLElement } from 'node-html-parser';

/** A rectangle in SVG user units, x to the right, y down. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A text of the picture and its box; `node` is the id of the node it belongs to, if any. */
export interface TextBox extends Box {
  text: string;
  node?: string;
}

/** Whether two boxes share more than an edge (`slack` units of touching allowed). */
export function intersects(a: Box, b: Box, slack = 0.5): boolean {
  return a.x1 < b.x2 - slack && b.x1 < a.x2 - slack && a.y1 < b.y2 - slack && b.y1 < a.y2 - slack;
}

/** Whether `inner` lies within `outer` (`slack` units of overhang allowed). */
export function contains(outer: Box, inner: Box, slack = 0.5): boolean {
  return inner.x1 >= outer.x1 - slack && inner.x2 <= outer.x2 + slack && inner.y1 >= outer.y1 - slack && inner.y2 <= outer.y2 + slack;
}

function textBox(t: HTMLElement, node?: string): TextBox {
  const size = Number(t.getAttribute('font-size') ?? 14);
  // dot writes `-` as &#45; and the like: the decoded text is what is drawn.
  const text = t.text.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
  const width = [...text].length * 0.6 * size;
  const x = Number(t.getAttribute('x'));
  const y = Number(t.getAttribute('y'));
  const anchor = t.getAttribute('text-anchor') ?? 'start';
  const x1 = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
  return { text, x1, x2: x1 + width, y1: y - 0.8 * size, y2: y + 0.2 * size, ...(node !== undefined && { node }) };
}

/** The bounding box of `points="x,y x,y ..."` of every polygon and path-free rectangle in a group. */
function polygonsBox(g: HTMLElement): Box | undefined {
  const points = g.querySelectorAll('polygon').flatMap((p) =>
    (p.getAttribute('points') ?? '')
      .trim()
      .split(/\s+/)
      .map((pair) => pair.split(',').map(Number) as [number, number]),
  );
  if (points.length === 0) return undefined;
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
}

/**
 * Reads the boxes of an SVG document as `dot -Tsvg` writes it.
 * @returns each node's box by its title (the node id, `ns:H1`), and every text's box
 */
export function svgBoxes(svg: string): { nodes: Map<string, Box>; texts: TextBox[] } {
  const root = parse(svg);
  const nodes = new Map<string, Box>();
  const texts: TextBox[] = [];
  for (const g of root.querySelectorAll('g.node')) {
    const id = g.querySelector('title')!.text.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
    const box = polygonsBox(g);
    if (box) nodes.set(id, box);
    texts.push(...g.querySelectorAll('text').map((t) => textBox(t, id)));
  }
  for (const g of root.querySelectorAll('g.edge')) texts.push(...g.querySelectorAll('text').map((t) => textBox(t)));
  // The graph's own label (the faults): texts of the top group outside any node or edge.
  for (const t of root.querySelectorAll('g.graph > text')) texts.push(textBox(t));
  return { nodes, texts };
}

/**
 * Every overlap in a picture, in words: two texts on each other, a text on a node that is not
 * its own or out of its own node's box, two nodes on each other. Empty when there is none.
 * @param svg an SVG document as `dot -Tsvg` writes it
 */
export function overlaps(svg: string): string[] {
  const { nodes, texts } = svgBoxes(svg);
  return findOverlaps(nodes, texts);
}

/**
 * The overlaps among boxes, however they were measured (from the markup, or by a browser).
 * @param nodes each node's box by its id
 * @param texts every text's box, with the node it belongs to
 */
export function findOverlaps(nodes: Map<string, Box>, texts: TextBox[]): string[] {
  const found: string[] = [];
  texts.forEach((a, i) => {
    for (const b of texts.slice(i + 1)) if (intersects(a, b)) found.push(`"${a.text}" overlaps "${b.text}"`);
    for (const [id, box] of nodes) {
      if (id === a.node) {
        if (!contains(box, a)) found.push(`"${a.text}" sticks out of its node ${id}`);
      } else if (intersects(a, box)) found.push(`"${a.text}" overlaps node ${id}`);
    }
  });
  const ids = [...nodes.keys()];
  ids.forEach((a, i) => {
    for (const b of ids.slice(i + 1)) if (intersects(nodes.get(a)!, nodes.get(b)!)) found.push(`node ${a} overlaps node ${b}`);
  });
  return found;
}
