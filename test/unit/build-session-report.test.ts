import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSessionReport } from '../../src/report/build-session-report.js';
import type { SessionOutcome, StepOutcome } from '../../src/verify/outcome.js';
import { validateSchema } from '../helpers/json-schema.js';
import { ROOT } from '../helpers/run-cli.js';

const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'docs/report.schema.json'), 'utf8')) as Record<string, unknown>;
const identity = { path: '/abs/l3-router.md', sha256: 'c'.repeat(64) };
const STARTED = Date.parse('2024-05-01T10:00:00.000Z');

function step(number: number, status: StepOutcome['status'], extra: Partial<StepOutcome> = {}): StepOutcome {
  return { number, id: `s${number}`, title: `Step ${number}`, status, verifiedBy: 'checks', hintsShown: 0, hintsTotal: 0, items: [], ...extra };
}

const practiceOutcome: SessionOutcome = {
  kind: 'practice',
  scenario: { file: 'l3-router.md', title: 'A router' },
  where: 'private',
  startedAt: STARTED,
  durationMs: 90_000.4,
  ok: false,
  steps: [
    step(1, 'done', { fastForwarded: true, durationMs: 10.4 }),
    step(2, 'reading', { verifiedBy: 'reading' }),
    step(3, 'solved', { hintsShown: 2, hintsTotal: 2, durationMs: 4000.6 }),
    step(4, 'failed', {
      durationMs: 30_000,
      items: [
        { source: 'check', line: 40, text: 'H1: route default via 10.0.1.1', passed: true, expected: 'H1: route default via 10.0.1.1', found: '', durationMs: 1.2 },
        { source: 'check', line: 41, text: 'H1: ping 10.0.2.2 succeeds', passed: false, expected: 'H1: ping 10.0.2.2 succeeds', found: 'ping exited 1', diagnosis: 'R does not forward', durationMs: 1000.7 },
      ],
    }),
    step(5, 'not-reached'),
  ],
};

const checkOutcome: SessionOutcome = {
  kind: 'check',
  scenario: { file: 'l3-router.md', title: 'A router' },
  where: 'host',
  startedAt: STARTED,
  durationMs: 812.3,
  ok: false,
  steps: [
    step(1, 'failed', {
      verifiedBy: 'probes',
      items: [
        { source: 'probe', line: 9, text: 'ip netns exec H1 ping -c 1 10.0.2.2', passed: false, expected: 'exit status 2', found: 'exit status 1', diagnosis: 'R does not forward', exitCode: 1, durationMs: 1003 },
        { source: 'probe', line: 10, text: 'ip netns list', passed: true, expected: 'exit status 0', found: '', exitCode: 0, durationMs: 3 },
      ],
    }),
    step(2, 'not-reached'),
  ],
};

describe('buildSessionReport', () => {
  it('maps a practice session: statuses, hints, fast-forwarded steps, checks with expected/found/diagnosis, whole ms', () => {
    const report = buildSessionReport(practiceOutcome, { identity, user: 'ada', student: 'Ada', finished: new Date(STARTED + 95_000) });
    expect(validateSchema(report, SCHEMA)).toEqual([]);
    expect(report).toMatchObject({ mode: 'practice', sandbox: 'private', status: 'quit', student: 'Ada', durationMs: 95_000, scenario: { title: 'A router', ...identity } });
    expect(report.started).toBe('2024-05-01T10:00:00.000Z');
    expect(report.steps.map((s) => [s.status, s.fastForwarded, s.hintsUsed, s.durationMs])).toEqual([
      ['done', true, 0, 10],
      ['reading', false, 0, 0],
      ['solved', false, 2, 4001],
      ['failed', false, 0, 30_000],
      ['not-reached', false, 0, 0],
    ]);
    expect(report.steps[3]!.checks).toEqual([
      { source: 'H1: route default via 10.0.1.1', line: 40, ok: true, expected: 'H1: route default via 10.0.1.1', found: '', durationMs: 1 },
      { source: 'H1: ping 10.0.2.2 succeeds', line: 41, ok: false, expected: 'H1: ping 10.0.2.2 succeeds', found: 'ping exited 1', diagnosis: 'R does not forward', durationMs: 1001 },
    ]);
    expect(report.totals).toMatchObject({ steps: 5, done: 1, reading: 1, solved: 1, failed: 1, notReached: 1, hintsUsed: 2 });
    // The fast-forwarded step is `done`, but nslab ran it: it is not the student's.
    expect(report.steps.map((s) => s.credit)).toEqual(['fast-forwarded', 'read', 'solved', 'failed', 'not-reached']);
    expect(report.totals.earned).toBe(0);
  });

  it('maps a check: probes become commands (expected/found only when missed), status failed, host, finished from the duration', () => {
    const report = buildSessionReport(checkOutcome, { identity, user: 'root' });
    expect(validateSchema(report, SCHEMA)).toEqual([]);
    expect(report).toMatchObject({ mode: 'check', sandbox: 'host', status: 'failed', durationMs: 812 });
    expect(report).not.toHaveProperty('student');
    expect(report.steps[0]!.checks).toEqual([]);
    expect(report.steps[0]!.commands).toEqual([
      { line: 9, command: 'ip netns exec H1 ping -c 1 10.0.2.2', exitCode: 1, ok: false, expected: 'exit status 2', found: 'exit status 1', diagnosis: 'R does not forward', durationMs: 1003 },
      { line: 10, command: 'ip netns list', exitCode: 0, ok: true, durationMs: 3 },
    ]);
  });

  it('says passed when every step is finished, interrupted after a signal', () => {
    const ok = { ...checkOutcome, ok: true, steps: [step(1, 'done'), step(2, 'reading')] };
    expect(buildSessionReport(ok, { identity, user: 'root' }).status).toBe('passed');
    // A check saw the state hold; it does not know who made it.
    expect(buildSessionReport(ok, { identity, user: 'root' }).steps.map((s) => s.credit)).toEqual(['held', 'read']);
    expect(buildSessionReport(practiceOutcome, { identity, user: 'ada', interrupted: true }).status).toBe('interrupted');
  });
});
