import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandOutcome, StepResult } from '../../src/run/events.js';
import { matchTranscript } from '../../src/run/match-transcript.js';
import type { Scenario } from '../../src/scenario/model.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { acceptScenario, type AcceptSessionOptions } from '../../src/cli/accept-session.js';
import type { ScenarioTestResult } from '../../src/test-scenario/test-scenario.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-accept-session-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SOURCE = [
  '---', 'title: t', '---', '# t', '## one', '',
  '```console', '$ first', 'FIRST', '```', '',
  '```sh', 'plain', '```', '',
  '## two', '',
  '```console', '$ second', 'id=\\d+ (re)', 'SECOND', '$ third', 'third', '```', '',
].join('\n');

/**
 * A stand-in for `testScenario`: every transcript command "prints" `outputs[command]` (a
 * function, so it may change from run to run); the run stops at the first that does not match,
 * as a real test run does.
 */
function fakeTest(outputs: Record<string, () => string>, runs: string[]) {
  return async (scenario: Scenario): Promise<ScenarioTestResult> => {
    runs.push(readFileSync(scenario.file, 'utf8'));
    const steps: StepResult[] = [];
    let failed = false;
    for (const step of scenario.steps) {
      const commands: CommandOutcome[] = [];
      if (!failed) {
        for (const block of step.blocks) {
          if (block.kind !== 'transcript' || failed) continue;
          for (const entry of block.entries) {
            const output = outputs[entry.command.text]!();
            const ok = matchTranscript(entry.expected, output).ok;
            commands.push({
              command: entry.command,
              result: { exitCode: 0, output, timedOut: false, durationMs: 1 },
              failures: ok ? [] : [{ expected: 'output as in the transcript', found: '...' }],
              attempts: 1,
            });
            if (!ok) {
              failed = true;
              break;
            }
          }
        }
      }
      steps.push({
        step, status: commands.some((c) => c.failures.length > 0) ? 'failed' : commands.length > 0 || !failed ? 'passed' : 'not-run',
        commands, checks: [], vacuous: false, fastForwarded: false, durationMs: 1, attempts: 1, resumeAt: 0,
      });
    }
    return {
      scenario, status: failed ? 'failed' : 'passed', host: false, leftovers: [], startedAt: new Date(), durationMs: 1,
      run: { scenario, status: failed ? 'failed' : 'passed', steps, durationMs: 1 },
    };
  };
}

function setUp(name: string, outputs: Record<string, () => string>, options: Partial<AcceptSessionOptions> = {}) {
  const file = join(work, name);
  writeFileSync(file, SOURCE);
  const runs: string[] = [];
  let printed = '';
  const session: AcceptSessionOptions = {
    test: fakeTest(outputs, runs),
    reload: loadScenario,
    yes: true,
    write: (s) => (printed += s),
    chalk: new Chalk({ level: 0 }),
    ...options,
  };
  return { file, runs, session, printed: () => printed };
}

const FIXED = { first: () => 'first\n', second: () => 'id=7\nsecond\n', third: () => 'third\n' };

describe('acceptScenario', () => {
  it('accepts every differing transcript, testing again after each, until the file passes', async () => {
    const { file, runs, session, printed } = setUp('all.md', FIXED);
    const outcome = await acceptScenario(await loadScenario(file), session);
    expect(outcome.result.status).toBe('passed');
    expect(outcome.written).toBe(2);
    expect(runs).toHaveLength(3);
    expect(readFileSync(file, 'utf8')).toBe(SOURCE.replace('FIRST', 'first').replace('SECOND', 'second'));
    // The diff keeps the (re) line that still matches.
    expect(printed()).toContain([
      `      ${file}:19: $ second: the transcript differs from the output`,
      '          id=\\d+ (re)',
      '        - SECOND',
      '        + second',
    ].join('\n'));
  });

  it('writes nothing without a terminal and without --yes, and says how', async () => {
    const { file, runs, session, printed } = setUp('no-tty.md', FIXED, { yes: false, confirm: undefined });
    const outcome = await acceptScenario(await loadScenario(file), session);
    expect(outcome).toMatchObject({ written: 0, result: { status: 'failed' } });
    expect(runs).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toBe(SOURCE);
    expect(printed()).toContain(`not written: there is no terminal to ask; accept with nslab test --accept --yes ${file}`);
  });

  it('asks for each transcript (default No) and stops when the answer is No', async () => {
    const questions: string[] = [];
    const answers = [true, false];
    const { file, runs, session } = setUp('asked.md', FIXED, {
      yes: false,
      confirm: async (message) => (questions.push(message), answers.shift()!),
    });
    const outcome = await acceptScenario(await loadScenario(file), session);
    expect(questions).toEqual([`Write the actual output into ${file}?`, `Write the actual output into ${file}?`]);
    expect(outcome).toMatchObject({ written: 1, result: { status: 'failed' } });
    expect(runs).toHaveLength(2);
    expect(readFileSync(file, 'utf8')).toBe(SOURCE.replace('FIRST', 'first'));
  });

  it('does not offer a transcript twice when its output changes on every run', async () => {
    let n = 0;
    const { file, runs, session, printed } = setUp('flaky.md', { ...FIXED, first: () => `run ${++n}\n` });
    const outcome = await acceptScenario(await loadScenario(file), session);
    expect(outcome).toMatchObject({ written: 1, result: { status: 'failed' } });
    expect(runs).toHaveLength(2);
    expect(readFileSync(file, 'utf8')).toBe(SOURCE.replace('FIRST', 'run 1'));
    expect(printed()).toContain(`${file}:8: the output differs again after it was accepted`);
  });
});
