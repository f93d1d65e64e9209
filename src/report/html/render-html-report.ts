/**
 * `--report run.html`: a run's report as one self-contained HTML page — inline CSS, inline SVG,
 * no script, nothing fetched — readable on a phone, printable and accessible (docs/reports.md,
 * "HTML"). Takes a RunReport; detailRunReport adds the prose, output, changes and pictures it
 * shows when they are known.
 */
import { formatDuration } from '../../util/duration.js';
import type { RunReport } from '../run-report.js';
import { escapeHtml, markdownToHtml } from './html-text.js';
import { renderHtmlStep, statusBadge, stepAnchor } from './render-html-step.js';
import { REPORT_CSS } from './report-style.js';

const RUN_STATUS: Record<RunReport['status'], string> = {
  passed: '✔ Passed: every step held',
  failed: '✘ Failed',
  quit: '■ Quit before the end',
  interrupted: '■ Interrupted before the end',
};

function facts(report: RunReport): string {
  const rows: Array<[string, string | undefined]> = [
    ['Student', report.student],
    ['User', report.user],
    ['Mode', report.mode],
    ['Sandbox', report.sandbox === 'host' ? 'the host (--host)' : 'a private sandbox'],
    ['Started', report.started],
    ['Finished', report.finished],
    ['Duration', formatDuration(report.durationMs)],
    ['Scenario file', report.scenario.path],
    ['SHA-256', report.scenario.sha256],
  ];
  const items = rows.filter((r): r is [string, string] => r[1] !== undefined);
  return `<dl class="facts">${items.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function totals(report: RunReport): string {
  const t = report.totals;
  const parts = [
    `${t.done} done`,
    `${t.solved} solved`,
    `${t.failed} failed`,
    `${t.skipped} skipped`,
    `${t.notReached} not reached`,
    `${t.reading} read`,
    ...(t.predictions ? [`predictions ${t.predictionsRight}/${t.predictions} right`] : []),
    ...(t.hintsUsed ? [`${t.hintsUsed} hint(s) used`] : []),
  ];
  return `<p>${t.steps} steps: ${parts.join(' · ')}.</p>`;
}

function stepTable(report: RunReport): string {
  const rows = report.steps.map(
    (s) =>
      `<tr><td>${s.number}</td><td><a href="#${stepAnchor(s)}">${escapeHtml(s.title)}</a></td><td>${statusBadge(s.status)}</td><td>${s.durationMs > 0 ? formatDuration(s.durationMs) : '–'}</td></tr>`,
  );
  return (
    '<table><caption>Steps</caption><thead><tr><th scope="col">#</th><th scope="col">Step</th><th scope="col">Outcome</th><th scope="col">Time</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

/**
 * A practice session's `passed`: every step was finished, each holding when it was finished.
 * The report is the session's history, not a check of the network at its end (a later
 * command may have undone a step): "every step held" would claim what nobody verified.
 */
const PRACTICE_PASSED = '✔ Finished: every step (each held when it was finished)';

function headline(report: RunReport): string {
  const failed = report.steps.find((s) => s.status === 'failed');
  const where = failed ? ` at <a href="#${stepAnchor(failed)}">step ${failed.number}, ${escapeHtml(failed.title)}</a>` : '';
  const tone = report.status === 'passed' ? 'ok' : report.status === 'failed' ? 'fail' : 'warn';
  const words = report.status === 'passed' && report.mode === 'practice' ? PRACTICE_PASSED : RUN_STATUS[report.status];
  return `<p class="run-status ${tone}">${words}${report.status === 'failed' ? where : ''}</p>`;
}

/**
 * @param report a report (detailed by detailRunReport for prose, output, changes and pictures)
 * @returns the whole HTML document, UTF-8, ending with a newline
 */
export function renderHtmlReport(report: RunReport): string {
  const title = escapeHtml(report.scenario.title);
  const steps = report.steps.map((s) => renderHtmlStep(s, report.steps.length)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nslab">
<title>${title} — nslab report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<p class="step-meta">nslab report</p>
<h1>${title}</h1>
${headline(report)}
</header>
<main>
<section aria-labelledby="summary">
<h2 id="summary">Summary</h2>
${facts(report)}
${totals(report)}
${stepTable(report)}
</section>
${report.scenario.introduction ? `<section class="prose" aria-label="Introduction">${markdownToHtml(report.scenario.introduction)}</section>
` : ''}${steps}
</main>
</body>
</html>
`;
}
