/**
 * What `nslab practice` says about where it starts: the resume question (short, so that it
 * fits a terminal line: the sentence before it says the rest), its answer in words, and what
 * `--resume` prints instead of asking (see progress/resume-point.ts for the rule). Sentences,
 * not lines: the caller renders them as prose (render-markdown.ts), which fits them to the
 * terminal.
 */
import type { NoResumeReason, ResumeDecision, ResumePoint } from '../../progress/resume-point.js';
import { localMinute } from './format-progress.js';

/** `step 1` or `steps 1–3`: the steps before `at`. */
function stepsBefore(at: number): string {
  return at === 2 ? 'step 1' : `steps 1–${at - 1}`;
}

/** `Resume at step 4 (Ping across each link)`. */
function resumeAt(point: ResumePoint, titles: readonly string[]): string {
  return `step ${point.at} (${titles[point.at - 1] ?? '?'})`;
}

/**
 * @param point where the latest practice stopped
 * @returns what the question stands on: `Your last practice ended 2024-05-01 14:03 with steps
 *   1–3 finished; resuming runs their commands first, in the new sandbox.` (local time)
 */
export function resumeContext(point: ResumePoint): string {
  const before = stepsBefore(point.at);
  return `Your last practice ended ${localMinute(point.ended)} with ${before} finished; resuming runs ${point.at === 2 ? 'its' : 'their'} commands first, in the new sandbox.`;
}

/**
 * @param point where the latest practice stopped
 * @param titles the scenario's step titles, step 1's first
 * @returns the question: `Resume at step 4 (Ping across each link)?`
 */
export function resumeQuestion(point: ResumePoint, titles: readonly string[]): string {
  return `Resume at ${resumeAt(point, titles)}?`;
}

/**
 * @param yes the answer
 * @param at the step offered
 * @returns the answer as the prompt shows it once given: `yes, resuming at step 4` or `no, starting at step 1`
 */
export function resumeAnswer(yes: boolean, at: number): string {
  return yes ? `yes, resuming at step ${at}` : 'no, starting at step 1';
}

const WHY_NOT: Record<NoResumeReason, (ended: string) => string> = {
  never: () => 'you have not practised this file yet',
  'not-practised': () => 'your progress in this file records no practice session (runs do not count: resume goes on from your own practice)',
  changed: (ended) => `the file has changed since your last practice of it (ended ${ended}), and progress is kept per version of a file`,
  'step-1': (ended) => `your last practice (ended ${ended}) did not finish step 1`,
  'all-finished': (ended) => `your last practice (ended ${ended}) finished every step`,
};

/**
 * @param decision what resumePoint or findResumePoint decided
 * @param titles the scenario's step titles, step 1's first
 * @returns the line `--resume` prints: where the practice starts and why, e.g. `--resume:
 *   starting at step 1, nothing to resume: your progress in this file records no practice session ...`
 */
export function resumeNotice(decision: ResumeDecision, titles: readonly string[]): string {
  if (decision.resume) {
    const before = stepsBefore(decision.at);
    return `--resume: starting at ${resumeAt(decision, titles)}, the first step your last practice (ended ${localMinute(decision.ended)}) did not finish; nslab runs the commands of ${before} first.`;
  }
  const ended = decision.ended === undefined ? '' : localMinute(decision.ended);
  return `--resume: starting at step 1, nothing to resume: ${WHY_NOT[decision.reason](ended)}.`;
}
