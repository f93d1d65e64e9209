import { describe, expect, it } from 'vitest';
import { buildLessonState, freshLessonState } from '../../src/serve/lesson-state.js';
import { actionKeystrokes, blockKeystrokes } from '../../src/serve/terminal-input.js';
import { Scrollback } from '../../src/serve/scrollback.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { Scenario } from '../../src/scenario/model.js';
import type { SessionOutcome, StepOutcome, StepOutcomeStatus, VerificationItem } from '../../src/verify/outcome.js';
import { verificationOf } from '../../src/verify/verify-step.js';
import { checksOf } from '../../src/run/run-step.js';

/** A practice outcome of the scenario: each step's status and items as given (default: not reached, none). */
function outcomeOf(scenario: Scenario, steps: Record<number, { status: StepOutcomeStatus; items?: VerificationItem[] }>): SessionOutcome {
  return {
    kind: 'practice', scenario: { file: scenario.file, title: scenario.meta.title }, where: 'private', startedAt: 0, durationMs: 0, ok: false,
    steps: scenario.steps.map((step): StepOutcome => ({
      number: step.number, id: step.id, title: step.title, verifiedBy: verificationOf(step), hintsShown: 0, hintsTotal: step.hints.length,
      status: steps[step.number]?.status ?? 'not-reached', items: steps[step.number]?.items ?? [],
    })),
  };
}

const item = (source: 'check' | 'probe', line: number, passed: boolean, extra: Partial<VerificationItem> = {}): VerificationItem => ({
  source, line, text: '', passed, expected: 'expected', found: passed ? '' : 'found', durationMs: 1, ...extra,
});

describe('the lesson state of nslab serve', async () => {
  const scenario = await loadScenario('scenarios/l3-router.md');
  const step1Checks = checksOf(scenario.steps[0]!);
  const step2Checks = checksOf(scenario.steps[1]!);

  it('marks finished steps as practice finished them, the current one current, the rest pending', () => {
    const outcome = outcomeOf(scenario, { 1: { status: 'done' }, 2: { status: 'solved' }, 3: { status: 'failed' } });
    const state = buildLessonState({ lesson: 'l3-router', scenario, outcome, current: 3, generation: 2 });
    expect(state.steps.map((s) => s.mark)).toEqual(['done', 'solved', 'current', ...scenario.steps.slice(3).map(() => 'pending')]);
    expect(state).toMatchObject({ lesson: 'l3-router', title: scenario.meta.title, current: 3, generation: 2 });
  });

  it("gives each check line the mark of the step's last verification; after a fail-fast stop the rest are unchecked", () => {
    expect(step2Checks.length).toBeGreaterThan(2);
    const items = [item('check', step2Checks[0]!.line, true), item('check', step2Checks[1]!.line, false, { found: 'no link R-eth1', diagnosis: 'why' })];
    const state = buildLessonState({ lesson: 'x', scenario, outcome: outcomeOf(scenario, { 1: { status: 'done', items: step1Checks.map((c) => item('check', c.line, true)) }, 2: { status: 'failed', items } }), current: 2, generation: 0 });
    expect(state.steps[0]!.checks.every((c) => c.mark === 'passed')).toBe(true);
    const checks = state.steps[1]!.checks;
    expect(checks.map((c) => c.text)).toEqual(step2Checks.map((c) => c.source));
    expect(checks.map((c) => c.line)).toEqual(step2Checks.map((c) => c.line));
    expect(checks[0]).toEqual({ line: step2Checks[0]!.line, text: step2Checks[0]!.source, mark: 'passed' });
    expect(checks[1]).toMatchObject({ mark: 'failed', expected: 'expected', found: 'no link R-eth1', diagnosis: 'why' });
    expect(checks.slice(2).every((c) => c.mark === 'unchecked')).toBe(true);
  });

  it("lists an observation step's observations in words, passed only once practice credited one", () => {
    const index = scenario.steps.findIndex((s) => verificationOf(s) === 'probes');
    const step = scenario.steps[index]!;
    const before = buildLessonState({ lesson: 'x', scenario, outcome: outcomeOf(scenario, { [step.number]: { status: 'failed' } }), current: step.number, generation: 0 });
    const view = before.steps[index]!;
    expect(view.verifiedBy).toBe('probes');
    expect(view.checks.length).toBeGreaterThan(0);
    expect(view.checks[0]!.text).toMatch(/^H1 pings 10\.0\.1\.1 → exit 0/);
    expect(view.checks.every((c) => c.mark === 'unchecked')).toBe(true);
    const credited = item('probe', view.checks[0]!.line, true);
    const after = buildLessonState({ lesson: 'x', scenario, outcome: outcomeOf(scenario, { [step.number]: { status: 'done', items: [credited] } }), current: step.number + 1, generation: 0 });
    expect(after.steps[index]!.checks.map((c) => c.mark)).toEqual(['passed', ...view.checks.slice(1).map(() => 'unchecked')]);
  });

  it('shows a reading step with no checks, and a fresh restart with nothing verified', () => {
    const fresh = freshLessonState('x', scenario, 3);
    expect(fresh.current).toBe(1);
    expect(fresh.generation).toBe(3);
    expect(fresh.steps.map((s) => s.mark)).toEqual(['current', ...scenario.steps.slice(1).map(() => 'pending')]);
    expect(fresh.steps.flatMap((s) => s.checks).every((c) => c.mark === 'unchecked')).toBe(true);
    for (const s of fresh.steps) if (s.verifiedBy === 'reading') expect(s.checks).toEqual([]);
  });
});

describe('the lesson state: how a step was finished, and whether it holds now', async () => {
  const scenario = await loadScenario('scenarios/l3-router.md');
  const step1Checks = checksOf(scenario.steps[0]!);
  const passedItems = step1Checks.map((c) => item('check', c.line, true));

  it('tells a fast-forwarded step and a solved one (by solve or by Run) from one done', () => {
    const outcome = outcomeOf(scenario, { 1: { status: 'done' }, 2: { status: 'solved' }, 3: { status: 'solved' }, 4: { status: 'done' }, 5: { status: 'failed' } });
    outcome.steps[0]!.fastForwarded = true;
    outcome.steps[1]!.solvedBy = 'run';
    outcome.steps[2]!.solvedBy = 'solve';
    const state = buildLessonState({ lesson: 'x', scenario, outcome, current: 5, generation: 0 });
    expect(state.steps.slice(0, 5).map((s) => s.mark)).toEqual(['fast-forwarded', 'solved', 'solved', 'done', 'current']);
    expect(state.steps.slice(0, 4).map((s) => s.solvedBy)).toEqual([undefined, 'run', 'solve', undefined]);
  });

  it("marks a finished step that a later check found broken as not holding now, its checks ✘ with what was found; the credit stays", () => {
    const outcome = outcomeOf(scenario, { 1: { status: 'done', items: passedItems }, 2: { status: 'failed' } });
    const broken = [item('check', step1Checks[0]!.line, true), ...step1Checks.slice(1).map((c) => item('check', c.line, false, { found: 'no namespace' }))];
    const check = outcomeOf(scenario, { 1: { status: 'failed', items: broken } });
    check.steps[0]!.finishedEarlier = true;
    const state = buildLessonState({ lesson: 'x', scenario, outcome, current: 2, generation: 0, recheck: { outcome: check, finished: new Set([1]) } });
    const step = state.steps[0]!;
    expect(step.mark).toBe('done');
    expect(step.holdsNow).toBe(false);
    expect(step.checks.map((c) => c.mark)).toEqual(['passed', ...step1Checks.slice(1).map(() => 'failed')]);
    expect(step.checks[1]).toMatchObject({ found: 'no namespace' });
    expect(state.steps.flatMap((s) => s.checks).filter((c) => c.mark === 'passed')).toHaveLength(1);
  });

  it('says a finished step holds now when the check found it so, and one a later step moved past does not, naming that step', () => {
    const outcome = outcomeOf(scenario, { 1: { status: 'done', items: passedItems }, 2: { status: 'done' }, 3: { status: 'failed' } });
    const check = outcomeOf(scenario, { 1: { status: 'done', items: passedItems }, 2: { status: 'done', items: [item('check', checksOf(scenario.steps[1]!)[0]!.line, false)] } });
    check.steps[1]!.supersededBy = 3;
    const state = buildLessonState({ lesson: 'x', scenario, outcome, current: 3, generation: 0, recheck: { outcome: check, finished: new Set([1, 2]) } });
    expect(state.steps[0]).toMatchObject({ holdsNow: true });
    expect(state.steps[1]).toMatchObject({ holdsNow: false, supersededBy: 3 });
    expect(state.steps[1]!.checks[0]!.mark).toBe('failed');
  });

  it("keeps a step's own marks when it was finished after the check (its verification is the newer)", () => {
    const outcome = outcomeOf(scenario, { 1: { status: 'done', items: passedItems }, 2: { status: 'failed' } });
    const check = outcomeOf(scenario, { 1: { status: 'failed', items: [] } });
    const state = buildLessonState({ lesson: 'x', scenario, outcome, current: 2, generation: 0, recheck: { outcome: check, finished: new Set() } });
    expect(state.steps[0]!.holdsNow).toBeUndefined();
    expect(state.steps[0]!.checks.every((c) => c.mark === 'passed')).toBe(true);
  });
});

describe('what the buttons type', async () => {
  const scenario = await loadScenario('scenarios/l3-router.md');

  it("types a run block's commands, each with Enter; a transcript's commands without their output", () => {
    expect(blockKeystrokes(scenario, 1, 0)).toBe('ip netns add H1\rip netns add H2\rip netns add R\r');
    const step = scenario.steps.find((s) => s.blocks.some((b) => b.kind === 'transcript' && !b.norun))!;
    const index = step.blocks.findIndex((b) => b.kind === 'transcript' && !b.norun);
    const block = step.blocks[index]!;
    if (block.kind !== 'transcript') throw new Error('unreachable');
    expect(blockKeystrokes(scenario, step.number, index)).toBe(block.entries.map((e) => `${e.command.text}\r`).join(''));
  });

  it('types nothing for a check block, a missing block or step', () => {
    const checkIndex = scenario.steps[0]!.blocks.findIndex((b) => b.kind === 'check');
    expect(blockKeystrokes(scenario, 1, checkIndex)).toBeUndefined();
    expect(blockKeystrokes(scenario, 1, 99)).toBeUndefined();
    expect(blockKeystrokes(scenario, 0, 0)).toBeUndefined();
    expect(blockKeystrokes(scenario, 99, 0)).toBeUndefined();
  });

  it("types the practice shell's commands; why's words quoted one each", () => {
    expect(actionKeystrokes('hint')).toBe('hint\r');
    expect(actionKeystrokes('why', ['H1', '10.0.2.2; reboot'])).toBe("why 'H1' '10.0.2.2; reboot'\r");
    expect(actionKeystrokes('rm -rf /')).toBeUndefined();
  });
});

describe("the terminal's scrollback", () => {
  it('keeps the last characters up to its limit, cut at a line start', () => {
    const s = new Scrollback(20);
    s.append('line one\nline two\n');
    s.append('line three\n');
    expect(s.content).toBe('line three\n');
    expect(s.content.length).toBeLessThanOrEqual(20);
    s.clear();
    expect(s.content).toBe('');
  });
});
