/**
 * One step of the HTML report: its heading and outcome, its prose, its commands with their
 * output, its checks with ✔/✘, expected, found and diagnosis, its predictions, what it changed,
 * and the topology picture when it has one. Every outcome is said in words and a mark, never
 * by colour alone.
 */
import { formatDuration } from '../../util/duration.js';
import type { ReportCheck, ReportCommand, ReportPrediction, ReportStep, ReportStepStatus, ReportTopology } from '../run-report.js';
import { escapeHtml, inlineMarkdownToHtml, markdownToHtml } from './html-text.js';

/** Output longer than this many lines (or characters) is collapsed under a `<details>`. */
export const COLLAPSE_LINES = 12;
const COLLAPSE_CHARS = 1200;

/** The mark and word of each step outcome (as `nslab grade`'s legend, with words). */
export const STATUS_LABEL: Record<ReportStepStatus, { mark: string; word: string; tone: 'ok' | 'fail' | 'warn' }> = {
  done: { mark: '✔', word: 'done', tone: 'ok' },
  solved: { mark: '✔', word: 'solved (nslab ran its commands)', tone: 'ok' },
  reading: { mark: '✔', word: 'read', tone: 'ok' },
  failed: { mark: '✘', word: 'failed', tone: 'fail' },
  skipped: { mark: '↷', word: 'skipped', tone: 'warn' },
  'not-reached': { mark: '·', word: 'not reached', tone: 'warn' },
};

/** `<span class="mark ok">✔ done</span>`: a mark, its word, and a colour that only repeats them. */
export function statusBadge(status: ReportStepStatus): string {
  const { mark, word, tone } = STATUS_LABEL[status];
  return `<span class="mark ${tone}">${mark} ${escapeHtml(word)}</span>`;
}

function okMark(ok: boolean): string {
  return ok ? '<span class="mark ok">✔</span>' : '<span class="mark fail">✘</span>';
}

function problem(rows: Array<[string, string | undefined]>): string {
  const items = rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
  if (items.length === 0) return '';
  return `<dl class="problem">${items.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function outputHtml(output: string | undefined): string {
  if (output === undefined) return '';
  const text = output.replace(/\n$/, '');
  if (text === '') return '<p class="step-meta">No output.</p>';
  const lines = text.split('\n').length;
  const pre = `<pre class="output"><samp>${escapeHtml(text)}</samp></pre>`;
  if (lines <= COLLAPSE_LINES && text.length <= COLLAPSE_CHARS) return pre;
  return `<details><summary>Output (${lines} lines)</summary>${pre}</details>`;
}

function exitText(c: ReportCommand): string {
  return c.exitCode === null ? 'did not end on its own' : `exit status ${c.exitCode}`;
}

function commandHtml(c: ReportCommand): string {
  const verdict = c.ok ? 'as expected' : 'not as expected';
  return (
    `<li><pre class="command"><code>$ ${escapeHtml(c.command)}</code></pre>` +
    `<p>${okMark(c.ok)} ${verdict} · ${exitText(c)} · ${formatDuration(c.durationMs)} · line ${c.line}</p>` +
    problem([['Expected', c.expected], ['Found', c.found], ['Why', c.diagnosis]]) +
    outputHtml(c.output) +
    '</li>'
  );
}

function checkHtml(c: ReportCheck): string {
  const word = c.ok ? 'holds' : 'does not hold';
  const details = c.ok ? '' : problem([['Expected', c.expected], ['Found', c.found], ['Why', c.diagnosis]]);
  return `<li class="${c.ok ? 'check-ok' : 'check-failed'}">${okMark(c.ok)} <code>${escapeHtml(c.source)}</code> ${word} <span class="step-meta">(line ${c.line})</span>${details}</li>`;
}

function predictionHtml(p: ReportPrediction): string {
  const said = `predicted <q>${escapeHtml(p.answer)}</q>; it ${p.actual === 'succeeds' ? 'succeeded' : escapeHtml(p.actual)}`;
  return `<li>${okMark(p.right)} <code>${escapeHtml(p.command)}</code>: ${said} — ${p.right ? 'right' : 'wrong'}${p.why ? `. ${escapeHtml(p.why)}` : ''}</li>`;
}

function changesHtml(changes: string[] | undefined): string {
  if (changes === undefined) return '';
  const body = changes.length === 0 ? '<p>No change to the network.</p>' : `<ul class="changes">${changes.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>`;
  return `<h3>What this step changed</h3>${body}`;
}

/** The heading of a step's picture, from why it is there. */
function topologyHeading(t: ReportTopology): string {
  const failure = t.moments.includes('first-failure');
  const last = t.moments.includes('last-step');
  if (failure && last) return 'Topology at the first failure, where the run ended';
  return failure ? 'Topology at the first failure' : 'Topology after the last step';
}

/**
 * A picture wider than the page is shrunk to fit it, but never below this share of its size
 * (its 10 pt labels would be too small to read): it then scrolls sideways in its box instead.
 */
const SVG_MIN_SCALE = 0.75;

/** ` style="min-width: ..."` for dot's `<svg width="607pt" ...>`, from its width; '' without one. */
function svgMinWidth(svg: string): string {
  const width = /^<svg\b[^>]*?\swidth="([\d.]+)pt"/.exec(svg)?.[1];
  return width === undefined ? '' : ` style="min-width: ${Math.round(Number(width) * SVG_MIN_SCALE)}pt"`;
}

/** The picture: the SVG (with the text one under it), or the text one and a note on why there is no SVG. */
export function topologyHtml(t: ReportTopology, headingId: string): string {
  const text = `<pre class="topology-text" aria-label="topology as text">${escapeHtml(t.text.replace(/\n$/, ''))}</pre>`;
  const heading = `<h3 id="${headingId}">${topologyHeading(t)}</h3>`;
  if (t.svg === undefined) {
    const note = `<p class="note">No drawing: ${escapeHtml(t.svgError ?? 'Graphviz dot did not run')}. The topology as text:</p>`;
    return `${heading}${note}${text}`;
  }
  // The SVG is dot's (svgElement checked it holds nothing active); labelled by the heading.
  const svg = t.svg.replace(/^<svg\b/, `<svg role="img" aria-labelledby="${headingId}"${svgMinWidth(t.svg)}`);
  return `${heading}<figure>${svg}<figcaption>Drawn by Graphviz from the live state. Dashed links have a fault.</figcaption></figure><details><summary>The topology as text</summary>${text}</details>`;
}

/** The `id` of a step's section (`#step-5`): the summary links to it. */
export function stepAnchor(step: ReportStep): string {
  return `step-${step.number}`;
}

/**
 * @param step one step of a (detailed) report; the optional fields it lacks are left out
 * @param total the number of steps, for `Step 5 of 8`
 * @returns a `<section>` with an `<h2>` and `<h3>`s
 */
export function renderHtmlStep(step: ReportStep, total: number): string {
  const id = stepAnchor(step);
  const meta = [step.durationMs > 0 ? formatDuration(step.durationMs) : '', step.fastForwarded ? 'fast-forwarded (run to reach a later step)' : '', step.hintsUsed ? `${step.hintsUsed} hint(s) used` : '', step.attempts ? `${step.attempts} attempts (Retry); shown: the last` : '']
    .filter(Boolean)
    .join(' · ');
  const parts = [
    `<section id="${id}" class="step ${step.status}" aria-labelledby="${id}-title">`,
    `<h2 id="${id}-title">Step ${step.number} of ${total} · ${inlineMarkdownToHtml(step.title)} — ${statusBadge(step.status)}</h2>`,
    meta ? `<p class="step-meta">${meta}</p>` : '',
    step.explanation ? `<div class="prose">${markdownToHtml(step.explanation)}</div>` : '',
    step.commands.length ? `<h3>Commands</h3><ol class="commands">${step.commands.map(commandHtml).join('')}</ol>` : '',
    step.checks.length ? `<h3>Checks</h3><ul class="checks">${step.checks.map(checkHtml).join('')}</ul>` : '',
    step.predictions.length ? `<h3>Predictions</h3><ul class="predictions">${step.predictions.map(predictionHtml).join('')}</ul>` : '',
    changesHtml(step.changes),
    step.topology ? topologyHtml(step.topology, `${id}-topology`) : '',
    '</section>',
  ];
  return parts.filter(Boolean).join('\n');
}
