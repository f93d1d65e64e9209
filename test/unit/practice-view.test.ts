import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { creditedObservations, describeObservation } from '../../src/practice/earned-credit.js';
import { createPracticeView } from '../../src/view/terminal/practice-view.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { Hint, Step } from '../../src/scenario/model.js';

const view = createPracticeView(new Chalk({ level: 0 }));
const step = { number: 2 } as Step;
const hint = (text: string) => ({ text, line: 10 }) as Hint;

describe('the practice view of a hint', () => {
  it("puts a hint that opens with a paragraph on its label's line", () => {
    expect(view({ kind: 'hint', step, hint: hint('Look at **ip route**.'), index: 1, total: 2 })).toBe('Hint 1/2: Look at ip route.\n');
  });

  it('starts a hint that opens with a table on the line after its label, so its columns stay aligned', () => {
    const out = view({ kind: 'hint', step, hint: hint('| ns | gateway |\n|---|---|\n| H1 | 10.0.1.1 |'), index: 2, total: 2 });
    expect(out).toBe('Hint 2/2:\nns  gateway\n──  ────────\nH1  10.0.1.1\n');
  });

  it('wraps a long hint at 80 columns (not a terminal) at spaces, its first line shortened by the label', () => {
    const text = 'The router has an address on each subnet, but does it pass packets from one to the other? Look at net.ipv4.ip_forward in R: 0 means it drops them.';
    const lines = view({ kind: 'hint', step, hint: hint(text), index: 1, total: 1 }).trimEnd().split('\n');
    expect(lines.length).toBe(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines.join(' ')).toBe(`Hint 1/1: ${text}`);
  });
});

describe('the practice view of an observation step', () => {
  it('says what the student still has to observe, each observation of the router walkthrough on a line within 80 columns', async () => {
    const scenario = await loadScenario('scenarios/l3-router.md');
    const shown = (n: number) => {
      const s = scenario.steps[n - 1]!;
      return view({ kind: 'step-shown', step: s, total: 8, observe: creditedObservations(s).map(describeObservation) });
    };
    const five = shown(5);
    expect(five).toContain([
      '  ☐ observe one of these yourself (your own options are fine):',
      '      H1 pings 10.0.2.2 → exit 2, "Network is unreachable"',
      '      H2 pings 10.0.1.2 → exit 2, "Network is unreachable"',
      '      H1 pings 10.0.2.1 → exit 2, "Network is unreachable"',
    ].join('\n'));
    // The route table shown after the pings explains them; it is not what the step asks to see.
    expect(five).not.toContain('      ip netns exec H1 ip route');
    expect(shown(7)).toContain('  ☐ observe it yourself (your own options are fine):\n      H1 pings 10.0.2.2 → exit 1, "100% packet loss"\n');
    expect(shown(4)).toContain('      H1 pings 10.0.1.1 → exit 0, the output shown\n      R pings 10.0.1.2 → exit 0, "1 received"\n');
    for (const n of [4, 5, 7]) {
      for (const line of shown(n).split('\n').filter((l) => l.includes('☐') || l.startsWith('      '))) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    }
  });
});
