import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { lastLines } from '../../src/view/terminal/output-view.js';
import { createTerminalReporter } from '../../src/view/terminal/terminal-reporter.js';
import type { RunEvent } from '../../src/run/events.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';

const parsed = parseScenario('---\ntitle: T\n---\n## One\nLead text.\n```sh\nseq 1 1000\n```\n', 't.md');
if (!parsed.ok) throw new Error('fixture does not parse');
const scenario = parsed.scenario;
const step = scenario.steps[0]!;
const block = step.blocks[0]!;
const command = block.kind === 'run' ? block.commands[0]! : undefined!;

function render(events: RunEvent[]): string {
  let out = '';
  const report = createTerminalReporter({ write: (s) => (out += s), chalk: new Chalk({ level: 0 }), guided: false });
  for (const e of events) report(e);
  return out;
}

function commandEvents(output: string[], failures = 0, attempts = 1, lastOutput = output.join('')): RunEvent[] {
  return [
    { kind: 'run-start', scenario, sandbox: 'private' },
    { kind: 'step-start', step, total: 1, attempt: 1 },
    { kind: 'command-start', step, block, command, background: false },
    ...output.map((chunk): RunEvent => ({ kind: 'command-output', chunk })),
    {
      kind: 'command-end',
      step,
      outcome: {
        command,
        result: { exitCode: failures ? 1 : 0, output: lastOutput, timedOut: false, durationMs: 3 },
        failures: failures ? [{ expected: 'exit status 0', found: 'exit status 1, no output' }] : [],
        attempts,
      },
    },
  ];
}

describe('the terminal reporter', () => {
  it('shows the header with a singular step count and the lead prose before the command', () => {
    const out = render(commandEvents(['ok\n']));
    expect(out).toContain('t.md · 1 step · private sandbox');
    expect(out.indexOf('Lead text.')).toBeLessThan(out.indexOf('$ seq 1 1000'));
    expect(out).toContain('│ ok\n');
  });

  it('says so when a command is left out (test --mutate)', () => {
    const out = render([
      { kind: 'run-start', scenario, sandbox: 'private' },
      { kind: 'step-start', step, total: 1, attempt: 1 },
      { kind: 'command-skipped', step, block, command, index: 0 },
    ]);
    expect(out.indexOf('Lead text.')).toBeLessThan(out.indexOf('↷ $ seq 1 1000  (left out)\n'));
  });

  it('marks a command without output on its own line', () => {
    expect(render(commandEvents([]))).toContain('$ seq 1 1000  ✔ 3 ms\n');
  });

  it('shows the first 100 lines of a long output, then how many were left out, then the last 20', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `${i + 1}\n`);
    // Chunks that split lines in the middle, as pipes deliver them.
    const text = lines.join('');
    const chunks = [text.slice(0, 250), text.slice(250, 2000), text.slice(2000)];
    const out = render(commandEvents(chunks));
    const shown = out.split('\n').filter((l) => l.startsWith('│ ')).map((l) => l.slice(2));
    expect(shown.slice(0, 100)).toEqual(lines.slice(0, 100).map((l) => l.trim()));
    expect(shown[100]).toBe('… 880 more lines not shown …');
    expect(shown.slice(101)).toEqual(lines.slice(980).map((l) => l.trim()));
  });

  it('shows binary output (the first 4000 bytes of /bin/ls) with no raw control character', () => {
    const bytes = readFileSync(join(import.meta.dirname, '../fixtures/output/ls-head.bin'));
    const out = render(commandEvents([bytes.toString('utf8')]));
    expect(out).toMatch(/│ \\x7fELF\\x02\\x01\\x01\\x00/);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('escapes ESC sequences (colours included) and keeps UTF-8 text, tabs and newlines, also in the held-back tail', () => {
    const coloured = '\u001b[31mrouge\u001b[0m\tnaïve ✔\r\u0007\n';
    const shownAs = '\\x1b[31mrouge\\x1b[0m\tnaïve ✔\\x0d\\x07\n';
    expect(render(commandEvents([coloured]))).toContain(`│ ${shownAs}`);
    const long = Array.from({ length: 200 }, (_, i) => `${i}\n`).join('') + coloured;
    const out = render(commandEvents([long]));
    expect(out).toContain(`│ ${shownAs}`);
    expect(out).not.toContain('\u001b');
  });

  it('after a retried command, shows what its last attempt printed above the verdict', () => {
    const out = render(commandEvents(['curl: (7) Failed to connect\n'], 0, 4, 'hello\n'));
    expect(out.indexOf('curl: (7)')).toBeLessThan(out.indexOf('↻ attempt 4:'));
    expect(out.indexOf('↻ attempt 4:')).toBeLessThan(out.indexOf('│ hello'));
    expect(out.indexOf('│ hello')).toBeLessThan(out.indexOf('✔'));
    expect(render(commandEvents(['once\n']))).not.toContain('↻');
  });

  it('prints each unmet expectation with what was found', () => {
    const out = render(commandEvents(['boom\n'], 1));
    expect(out).toContain('✘ expected exit status 0');
    expect(out).toContain('found exit status 1, no output');
  });
});

describe('lastLines', () => {
  it('keeps the last n lines, a trailing newline included', () => {
    expect(lastLines('a\nb\nc\n', 2)).toBe('b\nc\n');
    expect(lastLines('a\nb\nc', 2)).toBe('b\nc');
    expect(lastLines('a\nb', 5)).toBe('a\nb');
    expect(lastLines('\n', 3)).toBe('\n');
  });
});
