import { describe, expect, it } from 'vitest';
import { resolveStep, resolveStepRange } from '../../src/run/step-range.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import type { Scenario } from '../../src/scenario/model.js';
import { UsageError } from '../../src/util/errors.js';

function scenario(headings: string[]): Scenario {
  const body = headings.map((h) => `## ${h}\n\n\`\`\`sh\ntrue\n\`\`\`\n`).join('\n');
  const parsed = parseScenario(`---\ntitle: Steps\n---\n${body}`, 'steps.md');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  return parsed.scenario;
}

const s = scenario(['Create the hosts', 'Wire the links', 'Add routes', '2']);

describe('resolveStep', () => {
  it('takes a step number or a step id', () => {
    expect(resolveStep(s, '3', '--from')).toBe(3);
    expect(resolveStep(s, 'wire-the-links', '--from')).toBe(2);
    expect(resolveStep(s, ' add-routes ', '--to')).toBe(3);
  });

  it('prefers the number when an id looks like one', () => {
    // Step 4's id is "2".
    expect(resolveStep(s, '2', '--from')).toBe(2);
  });

  it('fails for an unknown number or id, suggesting a near miss and listing the ids', () => {
    expect(() => resolveStep(s, '9', '--from')).toThrow(UsageError);
    expect(() => resolveStep(s, 'wire-the-link', '--step')).toThrow(
      /--step wire-the-link: steps.md has no such step; did you mean "wire-the-links"\?\ngive a step number from 1 to 4 or one of these ids:\n  1  create-the-hosts\n  2  wire-the-links/,
    );
    expect(() => resolveStep(s, '0', '--from')).toThrow(/no such step/);
  });
});

describe('resolveStepRange', () => {
  it('is every step without options', () => {
    expect(resolveStepRange(s, {})).toEqual({ from: 1, to: 4 });
  });

  it('takes --from and --to, each alone or together', () => {
    expect(resolveStepRange(s, { from: 'wire-the-links' })).toEqual({ from: 2, to: 4 });
    expect(resolveStepRange(s, { to: '3' })).toEqual({ from: 1, to: 3 });
    expect(resolveStepRange(s, { from: '2', to: 'add-routes' })).toEqual({ from: 2, to: 3 });
  });

  it('makes --step both ends', () => {
    expect(resolveStepRange(s, { step: 'add-routes' })).toEqual({ from: 3, to: 3 });
  });

  it('rejects --step with --from or --to, and --from after --to', () => {
    expect(() => resolveStepRange(s, { step: '2', to: '3' })).toThrow(/either --step or --from\/--to/);
    expect(() => resolveStepRange(s, { from: '3', to: '2' })).toThrow(/--from 3 is step 3, after --to 2 \(step 2\)/);
  });
});
