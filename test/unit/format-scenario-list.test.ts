/**
 * `nslab list` in a terminal narrower than its table (found by the tester: ~100 columns at 80,
 * "ST|EPS" and descriptions broken mid-word by the terminal).
 */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { ScenarioListing } from '../../src/lint/list-scenarios.js';
import { formatScenarioList } from '../../src/view/terminal/format-scenario-list.js';
import { textWidth } from '../../src/util/text-width.js';

const c = new Chalk({ level: 0 });
const rows: ScenarioListing[] = [
  {
    file: 'scenarios/arp-and-mac.md', parses: true, title: "Below ping — ARP, neighbor tables and the switch's MAC table", steps: 9,
    services: ['openvswitch'], requires: [], missing: [],
    description: 'What happens before the first ping reply — ARP requests, neighbor tables, a switch learning MAC addresses — and what a duplicate address does.',
  },
  { file: 'scenarios/l3-router.md', parses: true, title: 'A layer-3 router between two subnets', steps: 8, services: [], requires: [], missing: [] },
];

describe('formatScenarioList at a terminal width', () => {
  it('fits 80 columns: the title moves under its row with the description, wrapped at words', () => {
    const lines = formatScenarioList(rows, c, { width: 80 }).trimEnd().split('\n');
    for (const line of lines) expect(textWidth(line), line).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^FILE\s+STEPS\s+SERVICES\s+PROGRAMS$/);
    expect(lines[1]).toMatch(/^scenarios\/arp-and-mac\.md\s+9\s+openvswitch\s+✔$/);
    expect(lines[2]).toBe("    Below ping — ARP, neighbor tables and the switch's MAC table — What happens");
    expect(lines.slice(2, lines.findIndex((l) => l.startsWith('scenarios/l3-router'))).join(' ').replace(/\s+/g, ' ').trim()).toBe(
      `${rows[0]!.title} — ${(rows[0] as { description: string }).description}`,
    );
    expect(lines.at(-1)).toBe('    A layer-3 router between two subnets');
  });

  it('keeps the one-row table when it fits, and without a width (a pipe)', () => {
    for (const width of [undefined, 200]) {
      const lines = formatScenarioList(rows, c, { width }).trimEnd().split('\n');
      expect(lines[0]).toMatch(/^FILE\s+TITLE\s+STEPS\s+SERVICES\s+PROGRAMS$/);
      expect(lines[1]).toMatch(/^scenarios\/arp-and-mac\.md\s+Below ping/);
    }
  });
});
