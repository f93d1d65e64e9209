/**
 * Checks that use shell variables in practice (issue 17, item 8): the values are the student's
 * own shell's, which its prompt writes for nslab; a variable only `solve` set comes from nslab's
 * own shell.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { practiseWith } from '../helpers/practice-student.js';

const parsed = parseScenario(`---
title: An address of your choice
---

## Give blue an address

\`\`\`sh
ip netns add blue
ip -n blue link set lo up
ADDR=127.0.0.$((RANDOM % 200 + 2))
ip -n blue addr add $ADDR/8 dev lo
\`\`\`

\`\`\`check
blue: link lo has address $ADDR/8
\`\`\`

## Reach it

\`\`\`check
blue: ping $ADDR succeeds
\`\`\`
`, 'address.md');
if (!parsed.ok) throw new Error('fixture does not parse');
const scenario = parsed.scenario;

describe('practice with checks that use shell variables', () => {
  it("reads the student's own variables, says when one is not set, and follows a new value", async () => {
    const { printed, outcome } = await practiseWith(scenario, [
      'ip netns add blue; ip -n blue link set lo up',
      '__nslab verify 1; echo "--quiet 1"',
      'check',
      'ADDR=127.0.0.9; ip -n blue addr add $ADDR/8 dev lo',
      '__nslab verify 2',
      'ADDR=10.9.9.9',
      'check',
    ].join('\n'));
    expect(printed).toMatch(/^--quiet 1\n/);
    expect(printed).toContain('$ADDR is not set in your shell');
    expect(printed).toContain('✔ step 1 done');
    expect(printed).toContain('✔ step 2 done');
    expect(outcome.steps.map((s) => s.status)).toEqual(['done', 'done']);
    // The last `check` reads the value the student gave $ADDR since.
    // The found line wraps at words to the terminal's width: compare with the breaks folded.
    expect(printed.replace(/\s*\n\s*/g, ' ')).toContain('✘ blue: link lo has address 10.9.9.9/8 ($ADDR) — found lo has 127.0.0.1/8, 127.0.0.9/8');
  });

  it('takes a variable the student never set from the step solve ran', async () => {
    const { printed, outcome } = await practiseWith(scenario, ['solve', '__nslab verify 1'].join('\n'));
    expect(printed).toContain('✔ step 2 done');
    expect(outcome.ok).toBe(true);
  });
});
