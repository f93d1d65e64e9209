/**
 * The shapes a picture knows how to draw: a connected part of the topology that is a chain
 * (H1 – R – H2) or a ring (S – R1 – C – R2 – S, a server with two uplinks to one client). A
 * ring is drawn as a person draws it: two nodes opposite each other at its ends (the poles),
 * the two ways between them one above the other (the lanes).
 */
import type { TopoLink, TopologyGraph, TopoNode } from './model.js';

/** A connected part of the graph: its nodes in graph order, and its links. */
export interface Part {
  nodes: TopoNode[];
  links: TopoLink[];
}

/** A chain: its nodes in order and the link between each two, oriented left to right. */
export interface Chain {
  nodes: TopoNode[];
  links: TopoLink[];
}

/**
 * A ring between two poles: each lane a chain from the left pole to the right one (both
 * lanes start and end with the poles), the first lane drawn above the second.
 */
export interface Ring {
  lanes: [Chain, Chain];
}

/**
 * Splits the graph into connected parts, in node order.
 * @param graph from buildTopology
 * @returns the parts in the order of their first node; every node and link in exactly one
 */
export function components(graph: TopologyGraph): Part[] {
  const part = new Map<string, number>();
  const parts: Part[] = [];
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

/** The link oriented away from node `from` (a copy when it is turned: the graph stays as it was). */
function leaving(link: TopoLink, from: string): TopoLink {
  return link.ends[0].node === from ? link : { ...link, ends: [link.ends[1], link.ends[0]] };
}

/**
 * Follows links from `first`, each link once, until none is left at the node reached.
 * @returns the nodes visited in order (`first` included) and the links, oriented along the way
 */
function walk(part: Part, first: TopoNode, stopAt?: string): Chain {
  const chain: Chain = { nodes: [first], links: [] };
  const used = new Set<TopoLink>();
  let at = first.id;
  while (at !== stopAt || chain.links.length === 0) {
    const link = part.links.find((l) => !used.has(l) && l.ends.some((e) => e.node === at));
    if (!link) break;
    used.add(link);
    const oriented = leaving(link, at);
    chain.links.push(oriented);
    at = oriented.ends[1].node;
    chain.nodes.push(part.nodes.find((n) => n.id === at)!);
  }
  return chain;
}

/** Links per node; undefined when a link joins a node to itself (which neither shape draws). */
function degrees(part: Part): Map<string, number> | undefined {
  const degree = new Map<string, number>(part.nodes.map((n) => [n.id, 0]));
  for (const l of part.links) {
    if (l.ends[0].node === l.ends[1].node) return undefined;
    for (const e of l.ends) degree.set(e.node, degree.get(e.node)! + 1);
  }
  return degree;
}

/**
 * The part as a chain, starting at its first end in graph order.
 * @returns undefined when the part is no chain (a node with three links, a ring)
 */
export function asChain(part: Part): Chain | undefined {
  const degree = degrees(part);
  if (!degree || part.links.length !== part.nodes.length - 1 || [...degree.values()].some((d) => d > 2)) return undefined;
  return walk(part, part.nodes.find((n) => degree.get(n.id)! <= 1)!);
}

/**
 * The part as a ring: every node with exactly two links, as many links as nodes (two
 * namespaces joined by two veth pairs are a ring of two). The poles are two nodes as far apart
 * as the ring allows, hosts rather than routers (routers sit on the ways between: the
 * policy-routing lesson draws its server and its client at the ends, a provider's router on
 * each way); of two such pairs the one with the earlier node in graph order. The left pole is
 * the one with a default route when only one has (the machine whose way out the picture is
 * about), else the earlier; the upper lane is the one whose first link comes first in the graph.
 * @returns undefined when the part is no ring
 */
export function asRing(part: Part): Ring | undefined {
  const degree = degrees(part);
  const n = part.nodes.length;
  if (!degree || n < 2 || part.links.length !== n || [...degree.values()].some((d) => d !== 2)) return undefined;
  const cycle = walk(part, part.nodes[0]!, part.nodes[0]!.id);
  // Two rings sharing no node would be two parts: a walk that does not come round is none.
  if (cycle.links.length !== n) return undefined;
  const order = new Map(part.nodes.map((node, i) => [node.id, i]));
  const around = cycle.nodes.slice(0, n);
  const half = Math.floor(n / 2);
  const score = (i: number) => {
    const pair = [around[i]!, around[(i + half) % n]!];
    return { hosts: pair.filter((p) => p.role !== 'router').length, first: Math.min(...pair.map((p) => order.get(p.id)!)) };
  };
  let best = 0;
  for (let i = 1; i < n; i++) {
    const [s, b] = [score(i), score(best)];
    if (s.hosts > b.hosts || (s.hosts === b.hosts && s.first < b.first)) best = i;
  }
  let [a, b] = [around[best]!, around[(best + half) % n]!];
  const routed = (node: TopoNode) => node.defaultRoutes.length > 0;
  if (routed(a) !== routed(b) ? routed(b) : order.get(b.id)! < order.get(a.id)!) [a, b] = [b, a];
  // From a, the two ways round to b: each starts with one of a's two links.
  const lanes = part.links
    .filter((l) => l.ends.some((e) => e.node === a.id))
    .map((first) => walk({ nodes: part.nodes, links: [first, ...part.links.filter((l) => l !== first && !l.ends.some((e) => e.node === a.id))] }, a, b.id));
  return { lanes: [lanes[0]!, lanes[1]!] };
}
