import { describe, expect, it } from 'vitest';
import type { ScenarioProgress, StepProgress } from '../../src/progress/model.js';
import { resumePoint } from '../../src/progress/resume-point.js';
import type { ReportStepStatus } from '../../src/report/run-report.js';

function progress(statuses: ReportStepStatus[]): ScenarioProgress {
  const steps: StepProgress[] = statuses.map((status, i) => ({ number: i + 1, id: `s${i + 1}`, title: `S${i + 1}`, status, failures: 0, hintsUsed: 0, predictions: [], timeMs: 0 }));
  return { schemaVersion: 1, scenario: { title: 'T', path: '/t.md', sha256: 'a'.repeat(64) }, user: 'ada', sessions: 1, firstActivity: '2024-05-01T10:00:00.000Z', lastActivity: '2024-05-01T11:00:00.000Z', steps };
}

describe('resumePoint', () => {
  it('is the first step that is not done, solved or read', () => {
    expect(resumePoint(progress(['done', 'reading', 'solved', 'failed', 'done']), 5)).toEqual({ at: 4, lastActivity: '2024-05-01T11:00:00.000Z' });
  });

  it('a later step done does not skip an unfinished earlier one', () => {
    expect(resumePoint(progress(['done', 'not-reached', 'done']), 3)?.at).toBe(2);
  });

  it('offers nothing without progress, when step 1 is unfinished, or when every step is finished', () => {
    expect(resumePoint(undefined, 3)).toBeUndefined();
    expect(resumePoint(progress(['failed', 'done', 'done']), 3)).toBeUndefined();
    expect(resumePoint(progress(['done', 'skipped']), 2)?.at).toBe(2);
    expect(resumePoint(progress(['done', 'solved', 'reading']), 3)).toBeUndefined();
  });
});
