/**
 * The course page of `nslab serve` (`/`): the lessons in order, each with its description, how
 * many steps it has, what this machine lacks to run it, and how far the user got (the progress
 * store `practice` resumes from), each linking to its lesson page. Needs no script.
 */
import { escapeHtml, inlineMarkdownToHtml } from '../../report/html/html-text.js';
import { lessonPath, renderPageDocument } from './page-document.js';

/** One lesson as the course page lists it; the server gathers it (scenario, `requires`, progress store). */
export interface CourseEntry {
  /** The lesson's id in URLs (`l3-router`). */
  id: string;
  /** The scenario's title (front matter), inline Markdown. */
  title: string;
  /** The scenario's description (front matter), inline Markdown. */
  description?: string;
  /** How many steps the lesson has. */
  steps: number;
  /** Programs and kernel features this machine lacks for it (`requires`); [] when it has all. */
  missing: string[];
  /** The user's progress from the progress store; absent when never started. */
  progress?: { finished: number; total: number; resumeAt?: number };
  /**
   * A scenario that does not parse: how many errors `nslab lint` finds in it. Such an entry
   * has no lesson to open (its id opens nothing); `file` says what to lint.
   */
  errors?: number;
  /** The scenario's file as the course lists it (given for an entry with `errors`). */
  file?: string;
}

/** "3/8 steps, resumes at step 4", "finished: 8/8 steps", or '' when never started. */
export function progressText(progress: CourseEntry['progress']): string {
  if (progress === undefined) return '';
  const done = `${progress.finished}/${progress.total} steps`;
  if (progress.finished >= progress.total) return `finished: ${done}`;
  return progress.resumeAt === undefined ? done : `${done}, resumes at step ${progress.resumeAt}`;
}

/** A scenario that does not parse: no link (there is no lesson to open), and what to run. */
function brokenEntryHtml(entry: CourseEntry, index: number): string {
  const errors = `${entry.errors} error${entry.errors === 1 ? '' : 's'}`;
  return (
    `<li class="lesson-entry has-errors"><h2><span class="number">${index + 1}.</span> ${escapeHtml(entry.title)}</h2>` +
    `<p class="errors"><span class="mark fail">✘</span> has ${errors}: run <code>nslab lint ${escapeHtml(entry.file ?? entry.id)}</code></p></li>`
  );
}

function entryHtml(entry: CourseEntry, index: number): string {
  if (entry.errors !== undefined) return brokenEntryHtml(entry, index);
  const href = escapeHtml(lessonPath(entry.id));
  const facts = [`${entry.steps} step${entry.steps === 1 ? '' : 's'}`];
  const progress = progressText(entry.progress);
  if (progress) facts.push(`<span class="progress">${escapeHtml(progress)}</span>`);
  const missing =
    entry.missing.length === 0
      ? ''
      : `<p class="missing"><span class="mark warn">⚠</span> this machine lacks: ${entry.missing.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>`;
  return (
    `<li class="lesson-entry"><h2><span class="number">${index + 1}.</span> <a href="${href}">${inlineMarkdownToHtml(entry.title)}</a></h2>` +
    (entry.description ? `<p class="description">${inlineMarkdownToHtml(entry.description)}</p>` : '') +
    `<p class="facts">${facts.join(' · ')}</p>${missing}</li>`
  );
}

/**
 * @param entries the lessons, in course order
 * @returns the course page, a whole HTML document; every string of an entry is escaped
 */
export function renderCoursePage(entries: CourseEntry[]): string {
  const list =
    entries.length === 0
      ? '<p>No lessons here: give <code>nslab serve</code> a scenario file or a directory of them.</p>'
      : `<ol class="course">${entries.map(entryHtml).join('\n')}</ol>`;
  return renderPageDocument({
    title: 'Lessons',
    bodyAttributes: ' class="course-page"',
    body: `<header class="bar"><h1>nslab lessons</h1></header>\n<main class="course-main">${list}</main>`,
    styles: ['lesson.css'],
    scripts: [],
  });
}
