/**
 * The lesson page script's pure parts (src/view/web/browser/): whom *Why?* asks about, what a
 * step's mark and a check's mark say, the progress counter, and how long the page waits before
 * it reconnects.
 */
import { describe, expect, it } from 'vitest';
import type { CheckView, LessonState } from '../../src/view/web/protocol.js';
import { MAX_DELAY_MS, reconnectDelay } from '../../src/view/web/browser/reconnect-delay.js';
import { checkShown, progressText, stepStatus } from '../../src/view/web/browser/step-status.js';
import { whyTarget } from '../../src/view/web/browser/why-target.js';
import type { StepView } from '../../src/view/web/protocol.js';

function state(current: number | null, checks: Array<Pick<CheckView, 'text' | 'mark'>>): LessonState {
  return {
    lesson: 'l3-router', title: 'Router', current, generation: 0,
    steps: [
      { number: 1, title: 'One', mark: 'done', verifiedBy: 'checks', checks: [{ line: 3, text: 'H9: ping 10.9.9.9 succeeds', mark: 'failed' }] },
      { number: 2, title: 'Two', mark: 'current', verifiedBy: 'checks', checks: checks.map((c, i) => ({ line: 10 + i, ...c })) },
    ],
  };
}

describe('why: a ping check of the current step', () => {
  it('takes SRC and DST from the check text', () => {
    const s = state(2, [
      { text: 'R: sysctl net.ipv4.ip_forward = 1', mark: 'failed' },
      { text: 'H1: ping 10.0.2.2 succeeds', mark: 'passed' },
      { text: 'H2: ping 10.0.1.2 succeeds within 3s', mark: 'failed' },
      { text: 'H1: ping fd00::2 fails with "Network is unreachable"', mark: 'failed' },
    ]);
    expect(whyTarget(s)).toEqual({ src: 'H2', dst: '10.0.1.2', failed: true });
  });

  it('offers a ping check that has not failed yet (not checked), for the dialog to fill in', () => {
    const s = state(2, [
      { text: 'H1: ping 10.0.2.2 succeeds', mark: 'passed' },
      { text: 'H2: ping 10.0.1.2 succeeds', mark: 'unchecked' },
    ]);
    expect(whyTarget(s)).toEqual({ src: 'H2', dst: '10.0.1.2', failed: false });
  });

  it('is null when every ping check of the current step holds, or one has no namespace, or all is finished', () => {
    expect(whyTarget(state(2, [{ text: 'H1: ping 10.0.2.2 succeeds', mark: 'passed' }]))).toBeNull();
    expect(whyTarget(state(2, [{ text: 'ping 10.0.2.2 succeeds', mark: 'failed' }]))).toBeNull();
    expect(whyTarget(state(null, []))).toBeNull();
    expect(whyTarget(undefined)).toBeNull();
  });
});

function step(mark: StepView['mark'], more: Partial<StepView> = {}): StepView {
  return { number: 3, title: 'Three', mark, verifiedBy: 'checks', checks: [], ...more };
}

describe("a step's mark: who finished it, and whether it holds now", () => {
  it('tells solved (amber, who typed) and replayed apart from done', () => {
    expect(stepStatus(step('done'))).toMatchObject({ mark: '✔', tone: 'ok' });
    expect(stepStatus(step('solved', { solvedBy: 'run' }))).toEqual({ mark: '✔', word: 'solved', note: 'solved — Run typed its commands', tone: 'solved' });
    expect(stepStatus(step('solved', { solvedBy: 'solve' })).note).toBe('solved — nslab ran its commands');
    expect(stepStatus(step('fast-forwarded'))).toMatchObject({ mark: '⏩', note: '⏩ replayed: finished in an earlier session', tone: 'replayed' });
    expect(stepStatus(step('reading'))).toMatchObject({ mark: '✔', word: 'read', note: '' });
    expect(stepStatus(step('current')).tone).toBe('current');
    expect(stepStatus(step('pending')).tone).toBe('pending');
  });

  it('says a finished step no longer holds (red), or that a later step moved past it (neutral); nothing when it holds', () => {
    expect(stepStatus(step('done', { holdsNow: false }))).toEqual({ mark: '✘', word: 'done, no longer holds', note: 'done — your commands · ✘ no longer holds', tone: 'broken' });
    expect(stepStatus(step('solved', { solvedBy: 'run', holdsNow: false, supersededBy: 5 }))).toEqual({
      mark: '✔', word: 'solved, moved past by step 5', note: 'solved — Run typed its commands · moved past by step 5', tone: 'neutral',
    });
    expect(stepStatus(step('done', { holdsNow: true }))).toEqual(stepStatus(step('done')));
  });
});

describe("a check's mark on its step", () => {
  it("is ☐ 'not yet' on the current step when it fails, ✘ on a finished one", () => {
    expect(checkShown(step('current'), 'failed')).toBe('not-yet');
    expect(checkShown(step('done', { holdsNow: false }), 'failed')).toBe('failed');
    expect(checkShown(step('current'), 'passed')).toBe('passed');
    expect(checkShown(step('current'), 'unchecked')).toBe('unchecked');
  });
});

describe('the progress counter', () => {
  it('counts every finished step, and those the student did', () => {
    const s: LessonState = { lesson: 'x', title: 'X', current: 7, generation: 0,
      steps: [step('fast-forwarded'), step('done'), step('solved'), step('reading'), step('done', { holdsNow: false }), step('solved'), step('current'), step('pending')] };
    expect(progressText(s)).toBe('6/8 finished (3 by you)');
  });
});

describe('the wait before reconnecting', () => {
  it('doubles from half a second and stops growing at its ceiling', () => {
    expect([0, 1, 2, 3].map(reconnectDelay)).toEqual([500, 1000, 2000, 4000]);
    expect(reconnectDelay(50)).toBe(MAX_DELAY_MS);
  });
});
