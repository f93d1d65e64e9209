/**
 * What the page says about a step and its checks, from the server's `state` (protocol.ts) and
 * nothing else: who finished a step (docs/serve.md, "What the marks mean"), whether a finished
 * step still holds, and the progress counter. Pure: show-state.ts puts it on the page.
 */
import type { CheckMark, LessonState, StepView } from '../protocol.js';

/**
 * How a step's mark looks: `ok` green (the student's own work, or read), `solved` amber
 * (nslab's commands did it), `replayed` grey-blue (an earlier session), `broken` red (it no
 * longer holds), `neutral` (a later step moved past it, as the lesson meant), `current`, `pending`.
 */
export type StepTone = 'ok' | 'solved' | 'replayed' | 'broken' | 'neutral' | 'current' | 'pending';

/** A step's status as shown in the step list and above its checks. */
export interface StepStatus {
  /** The step list's mark: ✔, ⏩, ▶, · (✘ for a finished step that no longer holds). */
  mark: string;
  /** The short word after the title, for a screen reader and the step list (`solved`). */
  word: string;
  /** The sentence over the step's checks (`solved — Run typed its commands`); '' for none. */
  note: string;
  tone: StepTone;
}

const FINISHED = new Set<StepView['mark']>(['done', 'solved', 'reading', 'fast-forwarded']);

/** Who finished a step, in words, when it was not the student's own commands. */
function finishedBy(step: StepView): { mark: string; word: string; note: string; tone: StepTone } {
  switch (step.mark) {
    case 'solved':
      return step.solvedBy === 'run'
        ? { mark: '✔', word: 'solved', note: 'solved — Run typed its commands', tone: 'solved' }
        : { mark: '✔', word: 'solved', note: 'solved — nslab ran its commands', tone: 'solved' };
    case 'fast-forwarded':
      return { mark: '⏩', word: 'replayed', note: '⏩ replayed: finished in an earlier session', tone: 'replayed' };
    case 'reading':
      return { mark: '✔', word: 'read', note: '', tone: 'ok' };
    default:
      return { mark: '✔', word: 'done', note: '✔ done — your commands', tone: 'ok' };
  }
}

/**
 * @param step one step of the state
 * @returns its mark, word, note and tone. A finished step keeps its credit; one that does not
 *   hold now says so (`no longer holds`), unless a later step moved past it (`moved past by
 *   step N`, expected: neutral).
 */
export function stepStatus(step: StepView): StepStatus {
  if (step.mark === 'current') return { mark: '▶', word: 'current', note: '', tone: 'current' };
  if (step.mark === 'pending') return { mark: '·', word: 'pending', note: '', tone: 'pending' };
  const by = finishedBy(step);
  if (step.supersededBy !== undefined) {
    const moved = `moved past by step ${step.supersededBy}`;
    return { mark: by.mark, word: `${by.word}, ${moved}`, note: [by.note, moved].filter((s) => s !== '').join(' · '), tone: 'neutral' };
  }
  if (step.holdsNow === false) {
    // No ✔ next to the ✘: the credit stays, in words.
    const credit = by.note.replace(/^✔ /, '');
    return { mark: '✘', word: `${by.word}, no longer holds`, note: [credit, '✘ no longer holds'].filter((s) => s !== '').join(' · '), tone: 'broken' };
  }
  return by;
}

/**
 * How a check shows on its step. On the current step a check that does not hold yet is ☐ "not
 * yet" (the student is still working on it: a red ✘ before they typed anything would be a
 * verdict on nothing); ✘ is for a finished step's check that no longer holds.
 * @returns the mark's class on the page (`not-yet` for the current step's failing check)
 */
export function checkShown(step: StepView, mark: CheckMark): CheckMark | 'not-yet' {
  return mark === 'failed' && step.mark === 'current' ? 'not-yet' : mark;
}

/**
 * @returns the progress counter: `5/8 finished (3 by you)`; "by you" counts the steps the
 *   student's own commands finished (`done`) and the steps read.
 */
export function progressText(state: LessonState): string {
  const finished = state.steps.filter((s) => FINISHED.has(s.mark)).length;
  const byYou = state.steps.filter((s) => s.mark === 'done' || s.mark === 'reading').length;
  return `${finished}/${state.steps.length} finished (${byYou} by you)`;
}
