/**
 * The picture of every bundled lesson's final network, and of generated chains, as a person
 * sees it: the text fits an 80-column terminal, the SVG has no label on another label or on a
 * box, and hosts sit on both sides of the router or switch between them. Each network is built
 * by `nslab topo FILE --format json` (the built CLI, a private sandbox each), then drawn here.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopologyGraph } from '../../src/topology/model.js';
import { renderTopologySvg } from '../../src/topology/render-svg.js';
import { renderTopologyText } from '../../src/topology/render-text.js';
import { textWidth } from '../../src/util/text-width.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { overlaps, svgBoxes } from '../helpers/svg-boxes.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-fits-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lessons = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.md')).sort();
const chains = [1, 2, 6];
const graphs = new Map<string, TopologyGraph>();

/** The final network of a scenario file, as `nslab topo` reads it before the cleanup. */
async function finalGraph(file: string): Promise<TopologyGraph> {
  const run = await runCli(['topo', file, '--format', 'json']);
  if (run.code !== 0) throw new Error(`nslab topo ${file} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as TopologyGraph;
}

beforeAll(async () => {
  // One after the other: the machine has two cores, and other tests run too.
  for (const lesson of lessons) graphs.set(lesson, await finalGraph(join('scenarios', lesson)));
  for (const n of chains) {
    const file = join(work, `chain-${n}.md`);
    const generated = await runCli(['generate', 'chain', String(n)]);
    writeFileSync(file, generated.stdout);
    graphs.set(`chain ${n}`, await finalGraph(file));
  }
}, 180_000);

const names = () => [...lessons, ...chains.map((n) => `chain ${n}`)];

describe('the text picture', () => {
  it.each(names())('%s: every line within 80 columns, every namespace drawn', (name) => {
    const graph = graphs.get(name)!;
    const text = renderTopologyText(graph);
    const lines = text.trimEnd().split('\n');
    expect(Math.max(...lines.map(textWidth)), text).toBeLessThanOrEqual(80);
    for (const node of graph.nodes) expect(text).toContain(node.name);
  });

  it('draws policy-routing.md\'s ring as the lesson\'s figure, not as a listing: S, R1 over R2, C', () => {
    const lines = renderTopologyText(graphs.get('policy-routing.md')!).split('\n');
    expect(lines[1]).toMatch(/^│ S +│ .* │ R1 +│ .* │ C +│$/);
    expect(lines[2]).toMatch(/^│ host +├─+┤ router +├─+┤ host │$/);
    expect(lines.find((l) => l.includes('│ R2 ')), lines.join('\n')).toMatch(/^│ +│ .* │ R2 +│ .* │ +│$/);
  });

  it('draws ipv6.md\'s R, which forwards IPv6 only, as a router', () => {
    expect(renderTopologyText(graphs.get('ipv6.md')!)).toMatch(/┤ router ├/);
  });

  it('draws the router lesson as a row at 80 columns, and with both ends between the boxes at 100', () => {
    const graph = graphs.get('l3-router.md')!;
    expect(renderTopologyText(graph).split('\n')[2]).toMatch(/^│ host +├─+┤ router ├─+┤ host +│$/);
    expect(renderTopologyText(graph, { width: 100 }).split('\n')[1]).toMatch(/│ H1-eth0 +R-eth1 │/);
  });
});

describe('the SVG picture', () => {
  it.each(names())('%s: no label on another label or on a box, none out of its own box', async (name) => {
    expect(overlaps(await renderTopologySvg(graphs.get(name)!))).toEqual([]);
  });

  it.each([
    ['l3-router.md', ['ns:H1', 'ns:R', 'ns:H2']],
    ['l2-switch.md', ['ns:H1', 'br:s', 'ns:H2']],
    ['linux-bridge.md', ['ns:H1', 'br:s', 'ns:H2']],
    ['static-routing.md', ['ns:H1', 'ns:R1', 'ns:R2', 'ns:H2']],
    ['nat.md', ['ns:H1', 'ns:R', 'ns:Out']],
    ['chain 2', ['ns:H1', 'ns:R1', 'ns:R2', 'ns:H2']],
  ])('%s: drawn left to right as %j, in one row', async (name, order) => {
    const { nodes } = svgBoxes(await renderTopologySvg(graphs.get(name)!));
    const boxes = order.map((id) => nodes.get(id)!);
    boxes.slice(1).forEach((box, i) => expect(box.x1).toBeGreaterThan(boxes[i]!.x2));
    const middles = boxes.map((b) => (b.y1 + b.y2) / 2);
    for (const y of middles) expect(Math.abs(y - middles[0]!)).toBeLessThan(5);
  });

  it('policy-routing.md: the ring from S to C, R1 above R2 between them', async () => {
    const { nodes } = svgBoxes(await renderTopologySvg(graphs.get('policy-routing.md')!));
    const [s, r1, r2, c] = ['ns:S', 'ns:R1', 'ns:R2', 'ns:C'].map((id) => nodes.get(id)!);
    expect(s!.x2).toBeLessThan(Math.min(r1!.x1, r2!.x1));
    expect(Math.max(r1!.x2, r2!.x2)).toBeLessThan(c!.x1);
    expect(r1!.y2).toBeLessThanOrEqual(r2!.y1);
  });
});
