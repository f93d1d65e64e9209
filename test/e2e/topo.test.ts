/**
 * `nslab topo` and `nslab run --show-changes --show-topology`, run as a user would (the built
 * CLI), each scenario in its own private sandbox.
 */
import { XMLParser } from 'fast-xml-parser';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { TopologyGraph } from '../../src/topology/model.js';
import { runCli } from '../helpers/run-cli.js';

describe('nslab topo FILE', () => {
  it('runs the walkthrough in a fresh sandbox and prints the graph as JSON', async () => {
    const run = await runCli(['topo', 'scenarios/l3-router.md', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const graph = JSON.parse(run.stdout) as TopologyGraph;
    expect(graph.nodes.map((n) => `${n.name} ${n.role}`)).toEqual(['H1 host', 'H2 host', 'R router']);
    expect(graph.links.flatMap((l) => l.ends.map((e) => `${e.ifname} ${e.addresses.join(' ')}`))).toEqual([
      'H1-eth0 10.0.1.2/24',
      'R-eth1 10.0.1.1/24',
      'H2-eth0 10.0.2.2/24',
      'R-eth2 10.0.2.1/24',
    ]);
  });

  it('--to draws the state after that step: three namespaces, no links yet', async () => {
    const run = await runCli(['topo', 'scenarios/l3-router.md', '--to', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 4)).toEqual(['┌──────┐   ┌──────┐   ┌──────┐', '│ H1   │   │ H2   │   │ R    │', '│ host │   │ host │   │ host │', '└──────┘   └──────┘   └──────┘']);
  });

  it('--format svg prints an SVG document with the switch and both hosts', async () => {
    const run = await runCli(['topo', 'scenarios/l2-switch.md', '--format', 'svg']);
    expect(run.code).toBe(0);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(run.stdout) as { svg: { g: { g: Array<{ title: string }> } } };
    expect(doc.svg.g.g.map((g) => g.title)).toEqual(expect.arrayContaining(['ns:H1', 'ns:H2', 'br:s']));
  });

  it('needs FILE or --host, and a known format (exit 2, no stack)', async () => {
    const none = await runCli(['topo']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('topo needs a scenario FILE to run in a fresh sandbox and draw, or --host');
    const png = await runCli(['topo', 'scenarios/l3-router.md', '--format', 'png']);
    expect(png.code).toBe(2);
    expect(png.stderr).toContain('unknown format "png": use one of text, dot, mermaid, svg, json');
    expect(png.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('nslab topo --host', () => {
  it('draws the host\'s own namespaces: a veth pair between two of them, made and removed here', async () => {
    // Unique names, removed in finally: this is the one test that touches the host's network.
    const [a, b] = [`nslab-topo-a${process.pid}`, `nslab-topo-b${process.pid}`];
    const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });
    try {
      ip('netns', 'add', a);
      ip('netns', 'add', b);
      ip('link', 'add', 'ta0', 'netns', a, 'type', 'veth', 'peer', 'name', 'tb0', 'netns', b);
      ip('-n', a, 'addr', 'add', '10.254.0.1/30', 'dev', 'ta0');
      const run = await runCli(['topo', '--host', '--format', 'json']);
      expect(run.code).toBe(0);
      const graph = JSON.parse(run.stdout) as TopologyGraph;
      const ours = graph.links.filter((l) => l.ends.some((e) => e.node === `ns:${a}`));
      expect(ours.map((l) => l.ends.map((e) => [e.node, e.ifname, ...e.addresses, e.up ? 'up' : 'down'].join(' ')))).toEqual([
        [`ns:${a} ta0 10.254.0.1/30 down`, `ns:${b} tb0 down`],
      ]);
      expect(graph.faults.map((f) => f.message)).toEqual(expect.arrayContaining([`ta0 (${a}) is down`, `tb0 (${b}) is down`]));
    } finally {
      for (const ns of [a, b]) {
        try {
          ip('netns', 'del', ns);
        } catch {
          // not made: the test failed before
        }
      }
    }
  });
});

describe('nslab run --show-changes --show-topology', () => {
  it('prints what each step changed and redraws the topology after the steps that changed it', async () => {
    const run = await runCli(['run', '--yes', '--show-changes', '--show-topology', 'scenarios/l3-router.md']);
    expect(run.code).toBe(0);
    const step = (title: string) => run.stdout.slice(run.stdout.indexOf(title), run.stdout.indexOf('━━', run.stdout.indexOf(title)));
    const routes = step('Add default routes');
    expect(routes).toContain('Changes:\n  H1: + route default via 10.0.1.1 dev H1-eth0\n  H2: + route default via 10.0.2.1 dev H2-eth0\n');
    expect(routes).toContain('Topology:');
    expect(routes).toContain('│ gw 10.0.1.1 │');
    const ping = step('Ping across each link');
    expect(ping).toContain('No change to the network.');
    expect(ping).not.toContain('Topology:');
    expect(run.stdout).toContain('R: ~ forwarding on (ip_forward 0 → 1)');
  });

  it('prints neither without the flags', async () => {
    const run = await runCli(['run', '--yes', '--to', '2', 'scenarios/l3-router.md']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/Changes:|No change to the network|Topology:/);
  });
});
