/**
 * One step of the lesson page, rendered on the server from the scenario, by the HTML report's
 * rules (report/html/html-text.ts: markdown-it with raw HTML off, images as text): its prose
 * where the author put it, each command block with *Run* and *Copy*, each check as a line whose
 * mark (☐/✔/✘) the page's script sets from the server's `state`. Hints are left out, as
 * `practice` leaves them out: the *Hint* button asks for them one at a time.
 *
 * Every element the script looks for carries a `data-` attribute (`data-step`, `data-block`,
 * `data-line`); the script reads nothing else of the page.
 */
import type { Block, Step, TranscriptBlock } from '../../scenario/model.js';
import { escapeHtml, inlineMarkdownToHtml, markdownToHtml } from '../../report/html/html-text.js';

/** The mark of a check not evaluated yet (CheckMark `unchecked`); the script sets the others. */
export const UNCHECKED_MARK = '☐';

function prose(markdown: string): string {
  return markdown.trim() === '' ? '' : `<div class="prose">${markdownToHtml(markdown)}</div>`;
}

/** *Run* (when the block runs) and *Copy*, for block `index` of step `step`. */
function blockActions(step: number, index: number, runnable: boolean): string {
  const run = runnable ? `<button type="button" class="run" data-run data-step="${step}" data-block="${index}" title="Type it into the terminal and run it">▶ Run</button>` : '';
  return `<div class="block-actions">${run}<button type="button" class="copy" data-copy title="Copy to the clipboard">Copy</button></div>`;
}

function expectedText(entry: TranscriptBlock['entries'][number]): string {
  return entry.expected.map((e) => (e.kind === 'text' ? e.text : e.kind === 'regex' ? `${e.source} (re)` : '...')).join('\n');
}

/** A transcript as the author wrote it (prompt, command, expected output); *Copy* takes only its commands. */
function transcriptHtml(block: TranscriptBlock): string {
  const shown = block.entries
    .map((e) => {
      const expected = expectedText(e);
      return `<span class="prompt">$ </span>${escapeHtml(e.command.text)}${expected ? `\n<span class="expected">${escapeHtml(expected)}</span>` : ''}`;
    })
    .join('\n');
  const commands = block.entries.map((e) => e.command.text).join('\n');
  return `<pre class="code transcript"><code>${shown}</code></pre><pre class="copy-source" hidden>${escapeHtml(commands)}</pre>`;
}

function checksHtml(block: Extract<Block, { kind: 'check' }>): string {
  const items = block.checks.map(
    (c) =>
      `<li class="check unchecked" data-line="${c.line}"><span class="mark" aria-label="not checked yet">${UNCHECKED_MARK}</span> <code>${escapeHtml(c.source)}</code></li>`,
  );
  return `<ul class="checks" aria-label="Checks">${items.join('')}</ul>`;
}

function blockHtml(step: Step, block: Block, index: number): string {
  const attrs = `data-step="${step.number}" data-block="${index}" data-line="${block.line}"`;
  switch (block.kind) {
    case 'run':
      return `<div class="block run-block${block.norun ? ' norun' : ''}" ${attrs}><pre class="code copy-source"><code>${escapeHtml(block.content.replace(/\n$/, ''))}</code></pre>${blockActions(step.number, index, !block.norun)}</div>`;
    case 'transcript':
      return `<div class="block transcript-block${block.norun ? ' norun' : ''}" ${attrs}>${transcriptHtml(block)}${blockActions(step.number, index, !block.norun)}</div>`;
    case 'check':
      return `<div class="block check-block" ${attrs}>${checksHtml(block)}</div>`;
    case 'zx':
      // A zx script runs in node, not in the practice shell's bash: shown and copied, not typed.
      return `<div class="block zx-block" ${attrs}><pre class="code copy-source"><code>${escapeHtml(block.content.replace(/\n$/, ''))}</code></pre>${blockActions(step.number, index, false)}</div>`;
    case 'shown':
      return `<div class="block shown-block" ${attrs}><pre class="code"><code>${escapeHtml(block.content.replace(/\n$/, ''))}</code></pre></div>`;
  }
}

/**
 * @param step one step of the scenario
 * @param total how many steps the scenario has (`Step 3 of 8`)
 * @returns a `<section data-step>`, hidden: the script shows the current one
 */
export function renderLessonStep(step: Step, total: number): string {
  const parts = step.blocks.map((b, i) => `${prose(b.lead)}${blockHtml(step, b, i)}`);
  // Checks the state names that no check block holds (a step verified by observing) go here.
  const more = `<ul class="checks more-checks" data-more-checks aria-label="What verifies this step" hidden></ul>`;
  return (
    `<section class="step" id="step-${step.number}" data-step="${step.number}" aria-labelledby="step-${step.number}-title" hidden>` +
    `<h2 id="step-${step.number}-title"><span class="step-of">Step ${step.number} of ${total}</span> ${inlineMarkdownToHtml(step.title)}</h2>` +
    `${parts.join('')}${prose(step.outro)}${more}</section>`
  );
}
