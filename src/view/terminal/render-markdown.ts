/**
 * Renders a scenario's Markdown prose for a terminal: bold, emphasis, strikethrough, inline
 * code, links, images (their alt text), lists, block quotes, headings, code and GFM tables, with
 * colours from chalk (none when the terminal has none). Prose is wrapped at spaces to the
 * terminal's width (a terminal would cut words in two); code blocks, inline code and tables are
 * not: a copied command must stay whole, and tables have their own layout.
 */
import type { ChalkInstance } from 'chalk';
import type MarkdownIt from 'markdown-it';
import { markdownParser as md } from '../../scenario/markdown-parser.js';
import type { Scenario } from '../../scenario/model.js';
import { loadTextWidthFor, textWidth } from '../../util/text-width.js';
import { terminalColumns } from '../../util/terminal-columns.js';
import { wrapWords, type Paint, type Piece } from '../../util/wrap-words.js';

type Token = ReturnType<MarkdownIt['parse']>[number];

/**
 * An inline token list as runs of styled text. A style applies to one text token at a time, so a
 * run never spans a break the wrapping makes.
 */
function inlinePieces(tokens: Token[], c: ChalkInstance): Piece[] {
  const out: Piece[] = [];
  const styles: Array<(s: string) => string> = [];
  const hrefs: string[] = [];
  const add = (text: string, paint: Paint = [...styles], whole = false) => out.push({ text, paint, ...(whole && { whole }) });
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        add(t.content);
        break;
      case 'code_inline':
        // A command in the text is copied: never broken across lines.
        add(t.content, [c.cyan], true);
        break;
      case 'softbreak':
        add(' ');
        break;
      case 'hardbreak':
        add('\n');
        break;
      case 'strong_open':
        styles.push(c.bold);
        break;
      case 'em_open':
        styles.push(c.italic);
        break;
      case 's_open':
        // Without colour the struck-out text would read as if it stood: keep the markers.
        if (c.level === 0) add('~~');
        else styles.push(c.strikethrough);
        break;
      case 's_close':
        if (c.level === 0) add('~~');
        else styles.pop();
        break;
      case 'image':
        // The picture cannot be shown: its description can, marked as one.
        add(`[image: ${t.content || t.attrGet('src') || ''}]`, [c.dim]);
        break;
      case 'link_open':
        styles.push(c.underline);
        // An autolink (`<https://...>`) shows its address as its text already.
        hrefs.push(t.markup === 'autolink' ? '' : (t.attrGet('href') ?? ''));
        break;
      case 'strong_close':
      case 'em_close':
        styles.pop();
        break;
      case 'link_close': {
        styles.pop();
        const href = hrefs.pop();
        if (href) {
          add(' ', [c.dim]);
          add(`(${href})`, [c.dim], true);
        }
        break;
      }
      default:
        add(t.content);
    }
  }
  return out;
}

/** An inline token list on one line, for a table cell. */
function renderInline(tokens: Token[], c: ChalkInstance): string {
  return wrapWords(inlinePieces(tokens, c), undefined);
}

/** A GFM table being read: rows of rendered cells, and each column's alignment. */
interface TableInProgress {
  rows: string[][];
  header: number;
  align: Array<'left' | 'right' | 'center'>;
}

/** The alignment markdown-it gives a cell (`style="text-align:right"`), left by default. */
function cellAlignment(t: Token): 'left' | 'right' | 'center' {
  const style = t.attrGet('style') ?? '';
  return style.includes('right') ? 'right' : style.includes('center') ? 'center' : 'left';
}

/**
 * Lays a table out in aligned columns, two spaces apart, the header bold and underlined by a
 * rule. Widths are terminal columns (util/text-width.ts): colour codes count 0, a CJK character
 * or an emoji 2 once string-width is loaded (loadTextWidthFor the prose).
 */
function layOutTable(table: TableInProgress, c: ChalkInstance, room?: number): string {
  const width = textWidth;
  const columns = Math.max(0, ...table.rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(1, ...table.rows.map((r) => width(r[i] ?? ''))));
  const total = widths.reduce((sum, w) => sum + w, 0) + 2 * (columns - 1);
  if (room !== undefined && total > room && table.header > 0) return layOutRecords(table, c);
  const pad = (cell: string, i: number, last: boolean): string => {
    const room = widths[i]! - width(cell);
    const align = table.align[i] ?? 'left';
    const left = align === 'right' ? room : align === 'center' ? Math.floor(room / 2) : 0;
    // The last column is not padded on the right: no trailing spaces.
    return ' '.repeat(left) + cell + (last ? '' : ' '.repeat(room - left));
  };
  const line = (row: string[], paint: (s: string) => string = (s) => s) =>
    widths.map((_, i) => paint(pad(row[i] ?? '', i, i === columns - 1))).join('  ').trimEnd();
  const lines = table.rows.map((row, index) => line(row, index < table.header ? c.bold : undefined));
  if (table.header > 0) lines.splice(table.header, 0, c.dim(widths.map((w) => '─'.repeat(w)).join('  ')));
  return lines.join('\n');
}

/**
 * A table too wide for the terminal, one record at a time: each body row as `header: value`
 * lines, the names padded to the longest, records a blank line apart.
 */
function layOutRecords(table: TableInProgress, c: ChalkInstance): string {
  const names = table.rows[table.header - 1]!;
  const nameWidth = Math.max(...names.map((n) => textWidth(n)));
  return table.rows
    .slice(table.header)
    .map((row) => names.map((name, i) => c.bold(`${name}:`) + ' '.repeat(nameWidth - textWidth(name) + 1) + (row[i] ?? '')).map((l) => l.trimEnd()).join('\n'))
    .join('\n\n');
}

function indentLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : rest) + line)
    .join('\n');
}

/** Prose is never squeezed narrower than this, however deep the quotes and lists nest. */
const NARROWEST = 20;

/**
 * @param markdown Markdown source (CommonMark)
 * @param c a chalk instance (its level decides whether colours are used)
 * @param columns the terminal's width in columns: prose is wrapped at spaces to fit it (its
 *   indentation, quote bars and list markers repeated on each line; inline code, a link's address
 *   and code blocks never broken), and a table wider than that is shown one record at a time
 *   (`header: value` lines) rather than wrapped into unreadable rows. Default:
 *   the terminal's (util/terminal-columns.ts; 80 when not a terminal). Infinity: no limit.
 * @param firstLineUsed columns of the first line already taken by a label printed before the text
 * @returns lines for the terminal, without a trailing newline
 */
export function renderMarkdown(markdown: string, c: ChalkInstance, columns: number = terminalColumns(), firstLineUsed = 0): string {
  const tokens = md.parse(markdown, {});
  const blocks: string[] = [];
  const prefixes: string[] = [];
  let heading = false;
  // Paragraphs of a tight list are hidden tokens: their items go on consecutive lines.
  let tight = false;
  // The first item of a list is set apart from what came before it, tight or not.
  let listOpened = false;
  const listCounters: Array<number | null> = [];
  let pendingItemMarker: string | null = null;
  let table: TableInProgress | undefined;
  // What is left of a line after the quote bars and list indentation.
  const room = () => Math.max(NARROWEST, columns - textWidth(prefixes.join('')));
  const push = (text: string) => {
    const prefix = prefixes.join('');
    const first = pendingItemMarker !== null ? prefix.slice(0, -pendingItemMarker.length) + pendingItemMarker : prefix;
    pendingItemMarker = null;
    // A blank line between two blocks inside a quote keeps the quote's bar.
    const separator = blocks.length === 0 ? '' : tight ? '\n' : `\n${prefix.trimEnd()}\n`;
    blocks.push(separator + indentLines(text, first, prefix));
  };
  for (const t of tokens) {
    switch (t.type) {
      case 'heading_open':
        heading = true;
        tight = false;
        break;
      case 'heading_close':
        heading = false;
        break;
      case 'paragraph_open':
        tight = t.hidden && !listOpened;
        listOpened = false;
        break;
      case 'paragraph_close':
        break;
      case 'inline': {
        if (table) {
          table.rows[table.rows.length - 1]!.push(renderInline(t.children ?? [], c));
          break;
        }
        const pieces = inlinePieces(t.children ?? [], c).map((p) => (heading ? { ...p, paint: [c.bold, ...p.paint] } : p));
        push(wrapWords(pieces, room(), blocks.length === 0 ? firstLineUsed : 0));
        break;
      }
      case 'bullet_list_open':
        listCounters.push(null);
        listOpened = true;
        break;
      case 'ordered_list_open':
        listCounters.push(Number(t.attrGet('start') ?? 1));
        listOpened = true;
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listCounters.pop();
        break;
      case 'list_item_open': {
        const n = listCounters[listCounters.length - 1];
        const marker = n === null || n === undefined ? '• ' : `${n}. `;
        if (typeof n === 'number') listCounters[listCounters.length - 1] = n + 1;
        prefixes.push(' '.repeat(marker.length));
        pendingItemMarker = marker;
        break;
      }
      case 'list_item_close':
        prefixes.pop();
        break;
      case 'blockquote_open':
        prefixes.push(c.dim('│ '));
        break;
      case 'blockquote_close':
        prefixes.pop();
        break;
      case 'fence':
      case 'code_block':
        tight = false;
        push(c.cyan(t.content.replace(/\n$/, '').split('\n').map((l) => '  ' + l).join('\n')));
        break;
      case 'table_open':
        table = { rows: [], header: 0, align: [] };
        tight = false;
        break;
      case 'tr_open':
        table?.rows.push([]);
        break;
      case 'th_open':
      case 'td_open':
        if (table) table.align[table.rows[table.rows.length - 1]!.length] = cellAlignment(t);
        break;
      case 'thead_close':
        if (table) table.header = table.rows.length;
        break;
      case 'table_close':
        if (table) push(layOutTable(table, c, room()));
        table = undefined;
        break;
      case 'hr':
        push(c.dim('─'.repeat(40)));
        break;
      default:
        break;
    }
  }
  return blocks.join('');
}

/**
 * Whether Markdown text starts with a paragraph (not a table, list, quote, heading or code), so
 * that a label may precede its first line on the same line (`Hint 1/2: ...`).
 * @param markdown Markdown source (CommonMark with GFM tables)
 */
export function opensWithParagraph(markdown: string): boolean {
  return md.parse(markdown, {})[0]?.type === 'paragraph_open';
}

/**
 * Gets ready to lay out a scenario's text in columns: loads the exact width of text
 * (util/text-width.ts) when its prose (wrapped to the terminal, tables laid out) has characters
 * that are not one column each (CJK, emoji), and, with `titles`, when its title and step titles
 * (progress tables) have some. A scenario in Latin, Greek or Cyrillic script loads nothing.
 * @param scenario the scenario about to be shown
 * @param options.titles whether its title and step titles will be laid out in a table too
 */
export async function prepareToRender(scenario: Scenario, options: { titles?: boolean } = {}): Promise<void> {
  const texts = [scenario.introduction, ...scenario.steps.flatMap((s) => [s.explanation, ...s.hints.map((h) => h.text)])];
  if (options.titles) texts.push(scenario.meta.title, ...scenario.steps.map((s) => s.title));
  await loadTextWidthFor(texts);
}
