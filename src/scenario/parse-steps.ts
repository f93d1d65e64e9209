/**
 * Walking the Markdown body: the introduction, then one step per `##` heading with its prose
 * and its fenced blocks.
 */
import type Token from 'markdown-it/lib/token.mjs';
import { markdownParser as markdown } from './markdown-parser.js';
import { headingSlug } from './heading-slug.js';
import type { Block, Hint, Step } from './model.js';
import { LANG_KINDS } from './languages.js';
import { parseFence } from './parse-fence.js';
import type { LocalProblem } from './problem.js';

/** The body's parts, before whole-file checks (step count, duplicate ids). */
export interface StepsResult {
  /** Markdown source before the first `##` heading, blank lines around it trimmed. */
  introduction: string;
  steps: Step[];
  problems: LocalProblem[];
}

interface Draft {
  step: Step;
  /** 0-based [start, end) body line ranges of the step's prose blocks. */
  prose: [number, number][];
  /** The prose ranges since the last fence: the lead of the next block, or the step's outro. */
  pending: [number, number][];
}

/**
 * Splits the body into introduction and steps and parses every fenced block.
 * @param body the Markdown after the front matter.
 * @param bodyLineOffset lines of the file before the body (body line i is file line i + 1 + offset).
 * @returns introduction, steps (numbered from 1, ids slugged from the heading's plain text) and
 *   problems (rules `fence`, plus those of `parseFence`); duplicate ids are not checked here.
 */
export function parseSteps(body: string, bodyLineOffset: number): StepsResult {
  const lines = body.split('\n');
  const fileLine = (bodyLine: number): number => bodyLine + 1 + bodyLineOffset;
  const tokens = markdown.parse(body, {});
  const problems: LocalProblem[] = [];
  const drafts: Draft[] = [];
  const fenceLines = new Set<number>();
  let introEnd = lines.length;
  /** End (exclusive, 0-based body line) of the hint blockquote being walked: its tokens are the hint's. */
  let hintEnd = -1;
  tokens.forEach((token, i) => {
    const map = token.map;
    if (!map) return;
    if (map[0] < hintEnd) return;
    const draft = drafts.at(-1);
    const hint = draft && token.level === 0 ? hintAt(tokens, i, lines) : undefined;
    if (hint && draft) {
      draft.step.hints.push({ ...hint, line: fileLine(map[0]) });
      hintEnd = map[1];
      return;
    }
    if (token.type === 'heading_open' && token.tag === 'h2' && token.level === 0) {
      if (drafts.length === 0) introEnd = map[0];
      const inline = tokens[i + 1];
      drafts.push({ step: newStep(inline, drafts.length + 1, fileLine(map[0])), prose: [], pending: [] });
      return;
    }
    if (token.type === 'fence') {
      for (let l = map[0]; l < map[1]; l++) fenceLines.add(l);
      const closing = lines[map[1] - 1] ?? '';
      if (map[1] - 1 === map[0] || !isClosingFence(closing, token.markup)) {
        const line = fileLine(map[0]);
        problems.push({ line, column: 1, rule: 'fence', message: `unterminated code fence opened on line ${line}` });
        return;
      }
      const openText = lines[map[0]] ?? '';
      const parsed = parseFence({ openText, markup: token.markup, content: token.content, line: fileLine(map[0]) });
      const swallowed = swallowedFrom(lines, map, token.markup);
      if (swallowed !== undefined) {
        // Its content is the rest of the step and the next block's opener: errors about those
        // lines would only echo this one, so they are left out.
        const line = fileLine(map[0]);
        const shown = JSON.stringify(clip(lines[swallowed]!.trim()));
        problems.push({
          line, column: 1, rule: 'fence',
          message: `code fence opened on line ${line} is never closed before line ${fileLine(swallowed)} (${shown}): close it with ${token.markup}`,
        });
      }
      if (draft) {
        parsed.block.lead = proseText(draft.pending);
        draft.pending = [];
        draft.step.blocks.push(parsed.block);
        if (swallowed === undefined) problems.push(...parsed.problems);
      } else if (LANG_KINDS[parsed.block.lang]) {
        problems.push({
          line: parsed.block.line, column: 1, rule: 'fence', severity: 'warning',
          message: `this ${parsed.block.lang} block comes before the first ## heading, so it is shown but never run`,
        });
      }
      return;
    }
    // Top-level blocks only: nested ones are inside these ranges already.
    if (draft && token.level === 0 && token.nesting !== -1) {
      draft.prose.push([map[0], map[1]]);
      draft.pending.push([map[0], map[1]]);
    }
  });
  // Fence lines are known only once every token was seen (a list may hold a fence).
  function proseText(ranges: [number, number][]): string {
    return ranges
      .map(([start, end]) => trimBlank(lines.slice(start, end).filter((_, k) => !fenceLines.has(start + k))))
      .filter((chunk) => chunk !== '')
      .join('\n\n');
  }
  for (const draft of drafts) {
    draft.step.explanation = proseText(draft.prose);
    draft.step.outro = proseText(draft.pending);
  }
  return { introduction: trimBlank(lines.slice(0, introEnd)), steps: drafts.map((d) => d.step), problems };
}

function newStep(inline: Token | undefined, number: number, line: number): Step {
  const plain = (inline?.children ?? [])
    .filter((c) => c.type === 'text' || c.type === 'code_inline')
    .map((c) => c.content)
    .join('');
  return { number, id: headingSlug(plain), title: inline?.content ?? '', line, explanation: '', outro: '', blocks: [] as Block[], hints: [] };
}

/** `Hint:` (or `**Hint:**`, `*Hint:*`) at the start of a blockquote's text. */
const HINT_LABEL = /^(\*{1,2})?Hint:\1?\s*/;

/**
 * The hint a top-level blockquote holds, when its first paragraph starts with `Hint:`.
 * @param tokens the body's tokens; `i` is the candidate `blockquote_open`.
 * @param lines the body's lines, to keep the hint's Markdown source as written.
 * @returns the hint's text without the `>` markers and the label (line filled in by the caller), or undefined.
 */
function hintAt(tokens: Token[], i: number, lines: string[]): Omit<Hint, 'line'> | undefined {
  const open = tokens[i]!;
  if (open.type !== 'blockquote_open' || !open.map) return undefined;
  const inline = tokens[i + 1]?.type === 'paragraph_open' ? tokens[i + 2] : undefined;
  if (inline?.type !== 'inline' || !HINT_LABEL.test(inline.content)) return undefined;
  const source = lines
    .slice(open.map[0], open.map[1])
    .map((l) => l.replace(/^ {0,3}> ?/, ''))
    .join('\n');
  return { text: trimBlank(source.replace(/^\s*/, '').replace(HINT_LABEL, '').split('\n')) };
}

/**
 * Where a fence that was left open ends in fact, when it swallowed what follows: markdown-it
 * closes it at the next bare fence line, which was meant to close the NEXT block, so its content
 * holds that block's opener (a fence line with an info string, e.g. ```` ```sh ````). CommonMark
 * (spec 0.31, section 4.5) lets no such line sit inside a fence of the same character at least
 * as long, so this is never a false alarm on a well-formed file.
 * @param lines the body's lines; `map` the fence's [open, end) body lines; `markup` its fence.
 * @returns the 0-based body line where the block should have been closed at the latest: the
 *   first `## ` heading after a blank line (the step it swallowed), else the swallowed opener;
 *   undefined when the fence is well formed.
 */
function swallowedFrom(lines: readonly string[], map: [number, number], markup: string): number | undefined {
  const content = lines.slice(map[0] + 1, map[1] - 1);
  const opener = content.findIndex((l) => {
    const m = /^[\s>]*(`{3,}|~{3,})[ \t]*(\S.*)$/.exec(l);
    return !!m && m[1]![0] === markup[0] && m[1]!.length >= markup.length && !(markup[0] === '`' && m[2]!.includes('`'));
  });
  if (opener === -1) return undefined;
  const heading = content.findIndex((l, k) => k < opener && /^ {0,3}##[ \t]+\S/.test(l) && (k === 0 || content[k - 1]!.trim() === ''));
  return map[0] + 1 + (heading === -1 ? opener : heading);
}

/** A line for a message: at most 40 characters. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A closing fence: same character as the opening, at least as long, nothing else (container prefixes aside). */
function isClosingFence(text: string, markup: string): boolean {
  const m = /^[\s>]*(`{3,}|~{3,})\s*$/.exec(text);
  return !!m && m[1]![0] === markup[0] && m[1]!.length >= markup.length;
}

/** Joins lines, dropping blank lines at both ends and keeping at most one blank line in a row (fences leave gaps). */
function trimBlank(lines: string[]): string {
  return lines.join('\n').replace(/^(\s*\n)+/, '').replace(/\n([ \t]*\n){2,}/g, '\n\n').trimEnd();
}
