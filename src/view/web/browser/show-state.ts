/**
 * The lesson's `state` (protocol.ts) onto the page: the step list's marks and progress (what
 * each mark says: step-status.ts), each step's note (who finished it, whether it holds now), each
 * check's ☐/✔/✘ with what was found and the diagnosis under a <details>, and which step is
 * shown. Text goes in with `textContent` only: a check's text comes from the scenario.
 */
import type { CheckView, LessonState, StepView } from '../protocol.js';
import { checkShown, progressText, stepStatus } from './step-status.js';

/** A check's mark and the word a screen reader says for it (`not-yet`: the current step's failing check). */
export const CHECK_MARKS: Record<ReturnType<typeof checkShown>, { mark: string; word: string }> = {
  passed: { mark: '✔', word: 'holds' },
  failed: { mark: '✘', word: 'does not hold' },
  'not-yet': { mark: '☐', word: 'not yet' },
  unchecked: { mark: '☐', word: 'not checked yet' },
};

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The step's sentence under its title (who finished it, whether it holds now), made on first use. */
function stepNote(section: HTMLElement): HTMLElement {
  const existing = section.querySelector<HTMLElement>('[data-step-status]');
  if (existing) return existing;
  const note = element('p', 'step-status');
  note.dataset.stepStatus = '';
  section.querySelector('h2')!.after(note);
  return note;
}

function markStep(step: StepView): void {
  const status = stepStatus(step);
  const li = document.querySelector<HTMLElement>(`.step-list li[data-step="${step.number}"]`);
  if (li) {
    li.className = `${step.mark} tone-${status.tone}`;
    li.querySelector('.mark')!.textContent = status.mark;
    li.querySelector('.mark-word')!.textContent = ` (${status.word})`;
    if (step.mark === 'current') li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  }
  const section = document.querySelector<HTMLElement>(`section.step[data-step="${step.number}"]`);
  if (section) {
    const note = stepNote(section);
    note.className = `step-status tone-${status.tone}`;
    note.textContent = status.note;
    note.hidden = status.note === '';
  }
}

function markStepList(state: LessonState): void {
  for (const step of state.steps) markStep(step);
  const progress = document.querySelector('[data-progress]');
  if (progress) progress.textContent = progressText(state);
}

/** What was expected, found and diagnosed for a failed check, one click away. */
function problemDetails(check: CheckView, notYet: boolean): HTMLDetailsElement | null {
  const rows: Array<[string, string | undefined]> = [['Expected', check.expected], ['Found', check.found], ['Diagnosis', check.diagnosis]];
  const shown = rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
  if (check.mark !== 'failed' || shown.length === 0) return null;
  const details = element('details', 'problem');
  const found = notYet ? 'What was found so far' : 'What was found';
  details.append(element('summary', '', check.diagnosis ? `${found}, and why` : found));
  const dl = element('dl', '');
  for (const [term, text] of shown) dl.append(element('dt', '', term), element('dd', '', text));
  details.append(dl);
  return details;
}

function checkItem(container: HTMLElement, check: CheckView): HTMLElement {
  const existing = container.querySelector<HTMLElement>(`li.check[data-line="${check.line}"]`);
  if (existing) return existing;
  // A check no check block holds (a step verified by observing): listed under the step.
  const more = container.querySelector<HTMLElement>('[data-more-checks]')!;
  const li = element('li', 'check');
  li.dataset.line = String(check.line);
  li.append(element('span', 'mark'), ' ', element('code', '', check.text));
  more.append(li);
  more.hidden = false;
  return li;
}

function markChecks(state: LessonState): void {
  for (const step of state.steps) {
    const section = document.querySelector<HTMLElement>(`section.step[data-step="${step.number}"]`);
    if (!section) continue;
    for (const check of step.checks) {
      const li = checkItem(section, check);
      const shown = checkShown(step, check.mark);
      const { mark, word } = CHECK_MARKS[shown];
      li.className = `check ${shown}`;
      const markEl = li.querySelector<HTMLElement>('.mark')!;
      markEl.textContent = mark;
      markEl.setAttribute('aria-label', word);
      // A new state must not close what the student opened to read.
      const old = li.querySelector<HTMLDetailsElement>('details.problem');
      const wasOpen = old?.open ?? false;
      old?.remove();
      const details = problemDetails(check, shown === 'not-yet');
      if (details) {
        details.open = wasOpen;
        li.append(details);
      }
    }
  }
}

/**
 * Shows one step (or the "every step is finished" section) and hides the others.
 * @param step the step's number, or null for the end
 * @param current the state's current step: the "back to the current step" note shows when `step` is another
 */
export function showStep(step: number | null, current: number | null): void {
  for (const section of document.querySelectorAll<HTMLElement>('section.step[data-step]')) section.hidden = Number(section.dataset.step) !== step;
  document.querySelector<HTMLElement>('[data-finished]')!.hidden = step !== null;
  document.querySelector<HTMLElement>('[data-viewing-other]')!.hidden = step === current;
  for (const li of document.querySelectorAll<HTMLElement>('.step-list li[data-step]')) li.classList.toggle('shown', Number(li.dataset.step) === step);
}

/**
 * @param state the lesson's state from the server
 * @param viewing a step the student chose to read in the step list, or null for the current one
 */
export function showState(state: LessonState, viewing: number | null): void {
  markStepList(state);
  markChecks(state);
  showStep(viewing ?? state.current, state.current);
}
