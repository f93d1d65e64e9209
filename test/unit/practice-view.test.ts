import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { createPracticeView } from '../../src/report/practice-view.js';
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
