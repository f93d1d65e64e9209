/**
 * Where each node of the topology goes from left to right, as a person draws a network: the
 * most central node in the middle (a router between its hosts, a switch among them), its
 * neighbours split between its left and its right, and everything beyond a neighbour further
 * out on that neighbour's side. A chain H1 – R1 – R2 – H2 stays in that order, left to right.
 * A ring goes from one pole to the other, its two lanes side by side in the same columns
 * (shapes.ts), as the text picture draws it.
 */
import type { TopoLink, TopologyGraph } from './model.js';
import { asRing, components, type Ring } from './shapes.js';

/** The arrangement of a graph. */
export interface Arrangement {
  /** Each node's column: 0 for a part's centre, negative to its left, positive to its right. */
  column: Map<string, number>;
  /**
   * For each link (same index as graph.links): the index (0 or 1) of its left end, the one whose
   * node has the smaller column; the other end is on the right.
   */
  leftEnd: Array<0 | 1>;
}

/** Each node's neighbours through the graph's links, in link order. */
function neighbours(graph: TopologyGraph): Map<string, string[]> {
  const near = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const link of graph.links) {
    const [a, b] = link.ends.map((e) => e.node) as [string, string];
    if (a === b) continue;
    near.get(a)?.push(b);
    near.get(b)?.push(a);
  }
  return near;
}

/** Hops from `start` to every node it reaches (breadth first). */
function distances(start: string, near: Map<string, string[]>): Map<string, number> {
  const hops = new Map([[start, 0]]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const next of near.get(at) ?? []) {
      if (hops.has(next)) continue;
      hops.set(next, hops.get(at)! + 1);
      queue.push(next);
    }
  }
  return hops;
}

/**
 * The centre of a connected part: the node whose farthest node is nearest (a graph centre),
 * then the one with most links, then the first in graph order.
 */
function centre(part: string[], near: Map<string, string[]>): string {
  const score = (id: string) => ({ reach: Math.max(...distances(id, near).values()), degree: near.get(id)!.length });
  let best = part[0]!;
  let bestScore = score(best);
  for (const id of part.slice(1)) {
    const s = score(id);
    if (s.reach < bestScore.reach || (s.reach === bestScore.reach && s.degree > bestScore.degree)) [best, bestScore] = [id, s];
  }
  return best;
}

/**
 * A ring's columns, as the text picture draws it: its left pole, each lane's nodes one column
 * further right than the one before, its right pole after the longer lane; centred on 0.
 */
function ringColumns(ring: Ring, column: Map<string, number>): void {
  const right = Math.max(...ring.lanes.map((lane) => lane.nodes.length)) - 1;
  const shift = Math.floor(right / 2);
  for (const lane of ring.lanes) lane.nodes.forEach((node, i) => column.set(node.id, (i === lane.nodes.length - 1 ? right : i) - shift));
}

/**
 * Arranges the graph's nodes in columns.
 * @param graph from buildTopology
 * @returns each node's column and each link's left end
 */
export function arrange(graph: TopologyGraph): Arrangement {
  const near = neighbours(graph);
  const column = new Map<string, number>();
  for (const part of components(graph)) {
    const ring = asRing(part);
    if (ring) {
      ringColumns(ring, column);
      continue;
    }
    const middle = centre(part.nodes.map((n) => n.id), near);
    column.set(middle, 0);
    // The centre's neighbours alternate left and right, the first on the left; each further
    // node continues outwards on the side of the node it was reached from.
    const side = new Map<string, -1 | 1>();
    // A centre with one neighbour is the first of its part (the tie goes to graph order): it
    // stays on the left, as the text picture draws it.
    const first = [...new Set(near.get(middle))];
    for (const id of first) {
      side.set(id, first.length === 1 || side.size % 2 === 1 ? 1 : -1);
      column.set(id, side.get(id)!);
    }
    const queue = [...side.keys()];
    while (queue.length > 0) {
      const at = queue.shift()!;
      for (const next of near.get(at)!) {
        if (column.has(next)) continue;
        side.set(next, side.get(at)!);
        column.set(next, column.get(at)! + side.get(at)!);
        queue.push(next);
      }
    }
  }
  const leftEnd = graph.links.map((link: TopoLink): 0 | 1 => (column.get(link.ends[1].node)! < column.get(link.ends[0].node)! ? 1 : 0));
  return { column, leftEnd };
}
