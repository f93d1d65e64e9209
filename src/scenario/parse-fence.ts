/**
 * Turning one fenced code block into a `Block`, by its language.
 */
import { parseCheck } from '../check/parse-check.js';
import type { Check } from '../check/model.js';
import { ATTRIBUTE_LANGS, LANG_KINDS, nearMissLanguage } from './languages.js';
import type { Block, BlockOptions } from './model.js';
import { parseAttributes } from './parse-attributes.js';
import { parseBlockOptions } from './parse-block-options.js';
import { parseTranscript } from './parse-transcript.js';
import { parseZxFence } from './parse-zx-fence.js';
import type { LocalProblem } from './problem.js';
import { splitCommands } from '../shell/split-commands.js';

/** A fence as found in the file. */
export interface Fence {
  /** The opening fence line as written in the file (container prefixes such as `> ` or `1. ` included). */
  openText: string;
  /** The fence markup, e.g. "```" or "~~~~". */
  markup: string;
  /** The block's content, verbatim (markdown-it's `token.content`). */
  content: string;
  /** 1-based file line of the opening fence; the content starts on the next line. */
  line: number;
}

/**
 * Parses a fence into a block.
 * @returns the block (also when it has problems, so later steps still see it) and the problems:
 *   rules `attribute`, `language`, `shell-syntax`, `transcript`, `check-syntax`, `zx-syntax`.
 */
export function parseFence(fence: Fence): { block: Block; problems: LocalProblem[] } {
  const problems: LocalProblem[] = [];
  const markupAt = Math.max(0, fence.openText.indexOf(fence.markup));
  const infoAt = markupAt + fence.markup.length;
  const info = fence.openText.slice(infoAt);
  const langMatch = /^\s*([^\s{]*)/.exec(info)!;
  const written = langMatch[1]!;
  const lang = written.toLowerCase();
  const attrText = info.slice(langMatch[0].length);
  const attrAt = infoAt + info.length - attrText.length;
  // The lead is the caller's to fill in: only the step walk knows the prose around the fence.
  const base = { line: fence.line, lang, content: fence.content, lead: '' };
  const kind = LANG_KINDS[lang];
  if (!kind) {
    const langColumn = infoAt + langMatch[0].length - written.length + 1;
    problems.push(...shownBlockProblems(written, langColumn, attrText, attrAt, fence.line));
    return { block: { kind: 'shown', ...base }, problems };
  }

  const at = (column: number, rule: string, message: string): void => {
    problems.push({ line: fence.line, column, rule, message });
  };
  const attrs = parseAttributes(attrText);
  if (kind === 'zx') {
    const attributes = attrs.ok ? attrs.attributes : [];
    if (!attrs.ok) at(attrAt + attrs.column, 'attribute', attrs.message);
    const parsed = parseZxFence(base, attributes, (a) => attrAt + a.column, markupAt);
    return { block: parsed.block, problems: [...problems, ...parsed.problems] };
  }
  let options: BlockOptions = { expect: { exit: { kind: 'code', code: 0 } }, norun: false, background: false };
  if (!attrs.ok) at(attrAt + attrs.column, 'attribute', attrs.message);
  else if (kind === 'check' && attrs.attributes.length > 0) {
    at(attrAt + attrs.attributes[0]!.column, 'attribute', 'check blocks take no attributes (end a check line with "within 3s" to retry it)');
  } else {
    const parsed = parseBlockOptions(attrs.attributes, lang);
    options = parsed.options;
    for (const p of parsed.problems) at(attrAt + p.column, 'attribute', p.message);
  }
  const firstLine = fence.line + 1;
  if (kind === 'run') {
    const split = splitCommands(fence.content, firstLine);
    // Reported where the construct opens: the fence line would send the author hunting.
    const open = split.unclosed;
    if (open) problems.push({ line: open.line, column: markupAt + open.column, rule: 'shell-syntax', message: open.message });
    return { block: { kind: 'run', ...base, ...options, commands: split.commands }, problems };
  }
  if (kind === 'transcript') {
    const parsed = parseTranscript(fence.content, firstLine);
    problems.push(...parsed.problems);
    const exitAttribute = attrs.ok && attrs.attributes.some((a) => a.key === 'exit');
    for (const { exitStatus } of exitAttribute ? parsed.entries : []) {
      if (!exitStatus) continue;
      problems.push({
        line: exitStatus.line, column: 1, rule: 'transcript',
        message: `[${exitStatus.code}] and the block's exit= both say which exit status the command must have: keep one`,
      });
    }
    return { block: { kind: 'transcript', ...base, ...options, entries: parsed.entries }, problems };
  }
  const checks: Check[] = [];
  fence.content.split('\n').forEach((text, index) => {
    if (/^\s*(#.*)?$/.test(text)) return;
    const result = parseCheck(text, firstLine + index);
    if (result.ok) checks.push(result.check);
    else problems.push({ line: firstLine + index, column: markupAt + result.column, rule: 'check-syntax', message: result.message });
  });
  return { block: { kind: 'check', ...base, checks }, problems };
}

/**
 * A block nslab only shows must not look as if it ran: attributes in braces on it are an error
 * (they would be silently ignored), and a language that is a near miss of one nslab runs is
 * named, as an error with attributes and as a warning without (the block is only shown).
 * @param written the language as written; `langColumn` its 1-based column.
 * @param attrText what follows the language; `attrAt` its 0-based offset in the fence line.
 */
function shownBlockProblems(written: string, langColumn: number, attrText: string, attrAt: number, line: number): LocalProblem[] {
  const near = nearMissLanguage(written);
  const brace = /\{[^}]*\}/.exec(attrText);
  if (brace) {
    return near
      ? [{ line, column: langColumn, rule: 'language', message: `unknown language "${written}": did you mean ${near}?` }]
      : [{ line, column: attrAt + brace.index + 1, rule: 'attribute', message: `attributes apply only to ${listLangs()} blocks` }];
  }
  if (!near) return [];
  return [{
    line, column: langColumn, rule: 'language', severity: 'warning',
    message: `"${written}" is not a language nslab runs; did you mean ${near}? (the block is only shown)`,
  }];
}

/** `sh, bash, shell, console, shell-session and zx`. */
function listLangs(): string {
  return `${ATTRIBUTE_LANGS.slice(0, -1).join(', ')} and ${ATTRIBUTE_LANGS.at(-1)}`;
}
