/**
 * The lesson page script's pure parts (src/view/web/browser/): whom *Why?* asks about, and how
 * long the page waits before it reconnects.
 */
import { describe, expect, it } from 'vitest';
import type { CheckView, LessonState } from '../../src/view/web/protocol.js';
import { MAX_DELAY_MS, reconnectDelay } from '../../src/view/web/browser/reconnect-delay.js';
import { whyTarget } from '../../src/view/web/browser/why-target.js';

function state(current: number | null, checks: Array<Pick<CheckView, 'text' | 'mark'>>): LessonState {
  return {
    lesson: 'l3-router', title: 'Router', current, generation: 0,
    steps: [
      { number: 1, title: 'One', mark: 'done', verifiedBy: 'checks', checks: [{ line: 3, text: 'H9: ping 10.9.9.9 succeeds', mark: 'failed' }] },
      { number: 2, title: 'Two', mark: 'current', verifiedBy: 'checks', checks: checks.map((c, i) => ({ line: 10 + i, ...c })) },
    ],
  };
}

describe('why: the first failing ping check of the current step', () => {
  it('takes SRC and DST from the check text', () => {
    const s = state(2, [
      { text: 'R: sysctl net.ipv4.ip_forward = 1', mark: 'failed' },
      { text: 'H1: ping 10.0.2.2 succeeds', mark: 'passed' },
      { text: 'H2: ping 10.0.1.2 succeeds within 3s', mark: 'failed' },
      { text: 'H1: ping fd00::2 fails with "Network is unreachable"', mark: 'failed' },
    ]);
    expect(whyTarget(s)).toEqual(['H2', '10.0.1.2']);
  });

  it('is null when no ping check of the current step failed, or one has no namespace, or all is finished', () => {
    expect(whyTarget(state(2, [{ text: 'H1: ping 10.0.2.2 succeeds', mark: 'passed' }]))).toBeNull();
    expect(whyTarget(state(2, [{ text: 'ping 10.0.2.2 succeeds', mark: 'failed' }]))).toBeNull();
    expect(whyTarget(state(null, []))).toBeNull();
    expect(whyTarget(undefined)).toBeNull();
  });
});

describe('the wait before reconnecting', () => {
  it('doubles from half a second and stops growing at its ceiling', () => {
    expect([0, 1, 2, 3].map(reconnectDelay)).toEqual([500, 1000, 2000, 4000]);
    expect(reconnectDelay(50)).toBe(MAX_DELAY_MS);
  });
});
