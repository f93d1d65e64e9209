import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeProgress } from '../../src/progress/merge-progress.js';
import type { ScenarioProgress, StepProgress } from '../../src/progress/model.js';
import { openProgressStore } from '../../src/progress/progress-store.js';
import { findResumePoint, resumePoint } from '../../src/progress/resume-point.js';
import { reportTotals, type ReportMode, type ReportStep, type ReportStepStatus, type RunReport } from '../../src/report/run-report.js';
import { resumeAnswer, resumeContext, resumeNotice, resumeQuestion } from '../../src/view/terminal/resume-notice.js';

const ENDED = '2024-05-01T11:00:00.000Z';

/** A record whose best outcomes are `best` and whose latest practice finished `practised`. */
function progress(best: ReportStepStatus[], practised?: number[]): ScenarioProgress {
  const steps: StepProgress[] = best.map((status, i) => ({ number: i + 1, id: `s${i + 1}`, title: `S${i + 1}`, status, failures: 0, hintsUsed: 0, predictions: [], timeMs: 0 }));
  const record: ScenarioProgress = { schemaVersion: 1, scenario: { title: 'T', path: '/t.md', sha256: 'a'.repeat(64) }, user: 'ada', sessions: 1, firstActivity: '2024-05-01T10:00:00.000Z', lastActivity: ENDED, steps };
  return practised ? { ...record, lastPractice: { ended: ENDED, finished: practised } } : record;
}

function report(mode: ReportMode, statuses: ReportStepStatus[], finished: string, path = '/t.md', sha256 = 'a'.repeat(64)): RunReport {
  const steps: ReportStep[] = statuses.map((status, i) => ({ number: i + 1, id: `s${i + 1}`, title: `S${i + 1}`, status, fastForwarded: false, checks: [], commands: [], hintsUsed: 0, predictions: [], durationMs: 10 }));
  return { schemaVersion: 1, scenario: { title: 'T', path, sha256 }, user: 'ada', mode, sandbox: 'private', status: 'quit', started: finished, finished, durationMs: 10, steps, totals: reportTotals(steps) };
}

describe('resumePoint: the latest practice decides, not the best outcome of every mode', () => {
  it('is the first step the latest practice did not finish; a later step finished does not skip it', () => {
    expect(resumePoint(progress(['done', 'done', 'done', 'done', 'done'], [1, 2, 3]), 5)).toEqual({ resume: true, at: 4, ended: ENDED });
    expect(resumePoint(progress(['done', 'not-reached', 'done'], [1, 3]), 3)).toMatchObject({ resume: true, at: 2 });
  });

  it('says why there is nothing to resume', () => {
    expect(resumePoint(undefined, 3)).toEqual({ resume: false, reason: 'never' });
    // Every step done, by a guided run: nothing practised.
    expect(resumePoint(progress(['done', 'done', 'done']), 3)).toEqual({ resume: false, reason: 'not-practised' });
    expect(resumePoint(progress(['done', 'done', 'done'], [2, 3]), 3)).toEqual({ resume: false, reason: 'step-1', ended: ENDED });
    expect(resumePoint(progress(['done', 'done', 'done'], [1, 2, 3]), 3)).toEqual({ resume: false, reason: 'all-finished', ended: ENDED });
  });

  it('a guided run that finished every step after a practice stopped at step 3 leaves the resume at step 3', () => {
    const practised = mergeProgress(undefined, report('practice', ['done', 'done', 'failed', 'not-reached'], '2024-05-01T10:00:00.000Z'));
    const run = mergeProgress(practised, report('run', ['done', 'done', 'done', 'done'], '2024-05-01T12:00:00.000Z'));
    expect(run.steps.every((s) => s.status === 'done')).toBe(true);
    expect(resumePoint(run, 4)).toEqual({ resume: true, at: 3, ended: '2024-05-01T10:00:00.000Z' });
    // A later practice replaces it, even one that got less far.
    const again = mergeProgress(run, report('practice', ['done', 'failed', 'not-reached', 'not-reached'], '2024-05-01T13:00:00.000Z'));
    expect(resumePoint(again, 4)).toMatchObject({ resume: true, at: 2 });
  });

  it('a practice step fast-forwarded (resumed) counts as finished for the next resume, as solved and read do', () => {
    const steps = report('practice', ['done', 'solved', 'reading', 'failed'], ENDED);
    steps.steps[0]!.fastForwarded = true;
    expect(resumePoint(mergeProgress(undefined, steps), 4)).toMatchObject({ resume: true, at: 4 });
  });
});

describe('findResumePoint', () => {
  it('tells a file changed since its practice from one never practised', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nslab-resume-'));
    try {
      const store = await openProgressStore({ XDG_STATE_HOME: dir, HOME: dir });
      const now = { path: '/t.md', sha256: 'b'.repeat(64) };
      expect(await findResumePoint(store, now, 3)).toEqual({ resume: false, reason: 'never' });
      await store.record(report('run', ['done', 'done', 'done'], '2024-05-01T09:00:00.000Z', '/t.md', 'c'.repeat(64)));
      expect(await findResumePoint(store, now, 3)).toEqual({ resume: false, reason: 'never' });
      await store.record(report('practice', ['done', 'failed', 'not-reached'], ENDED));
      expect(await findResumePoint(store, now, 3)).toEqual({ resume: false, reason: 'changed', ended: ENDED });
      await store.record(report('run', ['done', 'done', 'done'], '2024-05-01T12:00:00.000Z', '/t.md', now.sha256));
      expect(await findResumePoint(store, now, 3)).toEqual({ resume: false, reason: 'not-practised' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('what practice says about where it starts', () => {
  const titles = ['Create', 'Wire', 'Address', 'Ping'];
  it('asks a question and answers in words', () => {
    expect(resumeQuestion({ at: 3, ended: ENDED }, titles)).toBe('Resume at step 3 (Address)?');
    expect(resumeContext({ at: 3, ended: ENDED })).toMatch(/^Your last practice ended \d{4}-\d\d-\d\d \d\d:\d\d with steps 1–2 finished; resuming runs their commands first, in the new sandbox\.$/);
    expect(resumeContext({ at: 2, ended: ENDED })).toContain('with step 1 finished; resuming runs its commands first');
    expect(resumeAnswer(true, 3)).toBe('yes, resuming at step 3');
    expect(resumeAnswer(false, 3)).toBe('no, starting at step 1');
  });

  it('--resume names the step it starts at and why, for every reason', () => {
    expect(resumeNotice({ resume: true, at: 4, ended: ENDED }, titles)).toMatch(/^--resume: starting at step 4 \(Ping\), the first step your last practice \(ended .+\) did not finish; nslab runs the commands of steps 1–3 first\.$/);
    const why = (reason: 'never' | 'not-practised' | 'changed' | 'step-1' | 'all-finished') => resumeNotice({ resume: false, reason, ended: ENDED }, titles);
    expect(why('never')).toBe('--resume: starting at step 1, nothing to resume: you have not practised this file yet.');
    expect(why('not-practised')).toContain('your progress in this file records no practice session (runs do not count');
    expect(why('changed')).toContain('the file has changed since your last practice of it');
    expect(why('step-1')).toContain('did not finish step 1');
    expect(why('all-finished')).toContain('finished every step');
  });
});
