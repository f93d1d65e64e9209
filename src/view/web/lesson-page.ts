/**
 * The lesson page of `nslab serve` (`/lesson/<id>`): the step list, every step rendered on the
 * server (hidden; the script shows the one the server's `state` says is current), the terminal,
 * the topology, the buttons of the practice shell, and links to the session's report. The
 * script (`/assets/lesson.js`, from src/view/web/browser/) connects to `/lesson/<id>/ws` on the
 * page's own origin and speaks the messages of protocol.ts only.
 */
import type { Scenario } from '../../scenario/model.js';
import { introductionProse } from '../../scenario/introduction-prose.js';
import { escapeHtml, inlineMarkdownToHtml, markdownToHtml } from '../../report/html/html-text.js';
import { renderLessonStep } from './lesson-step.js';
import { lessonPath, renderPageDocument } from './page-document.js';

/** The step list's mark of a step before the first `state` arrives. */
const PENDING_MARK = '·';

/** The buttons of the practice shell's commands, with what each does. */
const ACTIONS: ReadonlyArray<{ action: string; label: string; title: string }> = [
  { action: 'hint', label: 'Hint', title: 'The next hint of this step' },
  { action: 'why', label: 'Why?', title: 'Why a ping fails: nslab why SRC DST' },
  { action: 'solve', label: 'Solve', title: "Run this step's commands for you (the step counts as solved)" },
  { action: 'next', label: 'Next', title: 'Go on to the next step' },
  { action: 'restart', label: 'Restart', title: 'A fresh sandbox, from step 1' },
];

function stepListHtml(scenario: Scenario): string {
  const items = scenario.steps.map(
    (s) =>
      `<li class="pending" data-step="${s.number}"><button type="button" data-show-step="${s.number}"><span class="mark" aria-hidden="true">${PENDING_MARK}</span> <span class="step-title">${inlineMarkdownToHtml(s.title)}</span><span class="mark-word"> (pending)</span></button></li>`,
  );
  return `<details class="step-list" open><summary>Steps <span data-progress>0/${scenario.steps.length} finished</span></summary><ol>${items.join('')}</ol></details>`;
}

function toolbarHtml(id: string): string {
  const buttons = ACTIONS.map((a) => `<button type="button" data-action="${a.action}" title="${escapeHtml(a.title)}">${a.label}</button>`).join('');
  const base = escapeHtml(lessonPath(id));
  return (
    `<nav class="tools" aria-label="Lesson">${buttons}` +
    `<label class="present-toggle"><input type="checkbox" data-present-toggle> Presenter</label>` +
    `<span class="report-links">Report: <a href="${base}/report.html" download>HTML</a> <a href="${base}/report.json" download>JSON</a></span></nav>`
  );
}

function introductionHtml(scenario: Scenario): string {
  const intro = introductionProse(scenario.introduction);
  if (intro === '') return '';
  return `<details class="introduction" data-introduction open><summary>About this lesson</summary><div class="prose">${markdownToHtml(intro)}</div></details>`;
}

function whyDialogHtml(): string {
  return (
    '<dialog class="why-dialog" data-why-dialog><form method="dialog">' +
    '<p>Why does a ping fail? Trace the path from a namespace to an address or namespace.</p>' +
    '<p><label>From (SRC) <input name="src" required placeholder="a namespace, e.g. the ping’s source" autocomplete="off"></label> ' +
    '<label>To (DST) <input name="dst" required placeholder="an address or namespace" autocomplete="off"></label></p>' +
    '<p><button value="ask">Why?</button> <button value="cancel" formnovalidate>Cancel</button></p></form></dialog>'
  );
}

/**
 * @param scenario the lesson's parsed scenario (all of its text is escaped: it is untrusted)
 * @param lesson the lesson's id in URLs, and whether the page opens in presenter mode (`?present=1`)
 * @returns the lesson page, a whole HTML document
 */
export function renderLessonPage(scenario: Scenario, lesson: { id: string; present: boolean }): string {
  const total = scenario.steps.length;
  const steps = scenario.steps.map((s) => renderLessonStep(s, total)).join('\n');
  const finished = '<section class="step finished" data-finished hidden><h2>Every step is finished</h2><p>Well done. Download the report above, restart the lesson, or go back to the lessons.</p></section>';
  const body = `<header class="bar">
<a class="back" href="/">← Lessons</a>
<h1>${inlineMarkdownToHtml(scenario.meta.title)}</h1>
<span class="connection" data-connection role="status">connecting…</span>
${toolbarHtml(lesson.id)}
</header>
<p class="banner" data-banner role="alert" hidden><span data-banner-text></span> <button type="button" data-start-again hidden>Start again</button></p>
<main class="layout">
<section class="lesson-pane" aria-label="The lesson">
${stepListHtml(scenario)}
${introductionHtml(scenario)}
<p class="viewing-other" data-viewing-other hidden>You are reading another step than the current one. <button type="button" data-back-to-current>Back to the current step</button></p>
${steps}
${finished}
</section>
<section class="terminal-pane" aria-label="Terminal"><div class="terminal" data-terminal></div></section>
<section class="topology-pane" aria-labelledby="topology-title"><h2 id="topology-title">Topology</h2><div class="topology" data-topology><p class="placeholder">The network appears here as you build it.</p></div><ul class="faults" data-faults aria-label="Faults"></ul></section>
</main>
${whyDialogHtml()}`;
  return renderPageDocument({
    title: scenario.meta.title,
    bodyAttributes: ` class="lesson-page${lesson.present ? ' present' : ''}" data-lesson="${escapeHtml(lesson.id)}" data-ws-path="${escapeHtml(`${lessonPath(lesson.id)}/ws`)}"`,
    body,
    styles: ['xterm.css', 'lesson.css'],
    scripts: ['lesson.js'],
  });
}
