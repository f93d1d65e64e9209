import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { lintSource } from '../../src/lint/lint-source.js';
import { createTerminalReporter } from '../../src/view/terminal/terminal-reporter.js';
import type { RunEvent } from '../../src/run/events.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';

const FILE = join(import.meta.dirname, '../fixtures/parser/hints.md');
const source = readFileSync(FILE, 'utf8');
const parsed = parseScenario(source, 'hints.md');
if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
const scenario = parsed.scenario;
const step = scenario.steps[0]!;

describe('hints', () => {
  it('are read from `> Hint:` blockquotes, in order, with their lines and without the label', () => {
    expect(step.hints).toEqual([
      { text: 'the command is `ip netns add`.', line: 13 },
      { text: 'it takes one argument,\nthe name:\n\n```sh\nip netns add H1\n```', line: 15 },
    ]);
  });

  it('are not prose: neither the explanation nor a lead holds them, other quotes stay', () => {
    const prose = [step.explanation, step.outro, ...step.blocks.map((b) => b.lead)].join('\n');
    expect(prose).not.toMatch(/Hint|takes one argument/);
    expect(step.explanation).toContain('> A quote that is no hint.');
    expect(scenario.introduction).toContain('Hint: not a hint, the introduction');
  });

  it('never become blocks: the fence inside a hint does not run', () => {
    expect(step.blocks.map((b) => `${b.kind}:${b.line}`)).toEqual(['run:22', 'check:28']);
  });

  it('are accepted by lint', () => {
    expect(lintSource(source, 'hints.md')).toEqual([]);
  });

  it('are never shown by run, guided or not', () => {
    const block = step.blocks[0]!;
    const command = block.kind === 'run' ? block.commands[0]! : undefined!;
    const events: RunEvent[] = [
      { kind: 'run-start', scenario, sandbox: 'private' },
      { kind: 'step-start', step, total: 1, attempt: 1 },
      { kind: 'command-start', step, block, command, background: false },
    ];
    for (const guided of [true, false]) {
      let out = '';
      const report = createTerminalReporter({ write: (s) => (out += s), chalk: new Chalk({ level: 0 }), guided });
      for (const e of events) report(e);
      expect(out).toContain('Make a namespace.');
      expect(out).not.toMatch(/takes one argument|the command is/);
    }
  });
});
