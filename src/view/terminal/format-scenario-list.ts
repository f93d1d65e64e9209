/**
 * Rendering `nslab list`: aligned columns for people, or JSON.
 */
import type { ChalkInstance } from 'chalk';
import type { ScenarioListing } from '../../lint/list-scenarios.js';
import { lessonName } from '../../scenario/find-lesson.js';
import { textWidth } from '../../util/text-width.js';
import { wrapMessage } from '../../util/wrap-words.js';
import { renderRow, type Cell } from './table.js';

const HEADER = ['FILE', 'TITLE', 'STEPS', 'SERVICES', 'PROGRAMS'] as const;

/** How to show the listing. */
export interface ScenarioListOptions {
  /**
   * The directory of the bundled course, when that is what is listed: two lines say where it
   * is and how to start a lesson, and the first column is each lesson's name (what `run` and
   * `practice` take), not its long path inside nslab's installation.
   */
  course?: string;
  /**
   * The terminal's width in columns, when it is a terminal: descriptions are wrapped at words to
   * it, and a table wider than it shows each title on the line below its row, with the
   * description. Undefined (a pipe, a file): one row per scenario however wide.
   */
  width?: number;
}

/**
 * The listing as a table, one row per scenario under a header, columns padded to their
 * widest cell. A file that does not parse gets `✘ does not parse (N errors): run nslab lint
 * FILE` after its name. A scenario's `description` follows its row on a line of its own,
 * indented, so that the columns stay narrow.
 * @param c colours only; the layout is the same with a level-0 chalk.
 * @returns lines ending in `\n` (`no scenarios` when the listing is empty).
 */
export function formatScenarioList(rows: readonly ScenarioListing[], c: ChalkInstance, options: ScenarioListOptions = {}): string {
  if (rows.length === 0) return 'no scenarios\n';
  const course = options.course;
  const shown = course === undefined ? (file: string) => file : lessonName;
  const heading =
    course === undefined
      ? ''
      : `The course bundled with nslab, in ${course}.\nStart a lesson by its name: ${c.bold('nslab run NAME')} (guided) or ${c.bold('nslab practice NAME')} (you type the commands).\n\n`;
  const table: Cell[][] = [HEADER.map((text, i) => ({ text: i === 0 && course !== undefined ? 'NAME' : text, paint: c.dim }))];
  const descriptions: Array<string | undefined> = [undefined];
  for (const row of rows) {
    descriptions.push(row.parses ? row.description : undefined);
    if (!row.parses) {
      const errors = `${row.errors} error${row.errors === 1 ? '' : 's'}`;
      table.push([{ text: shown(row.file) }, { text: `✘ does not parse (${errors}): run nslab lint ${row.file}`, paint: c.red }]);
      continue;
    }
    table.push([
      { text: shown(row.file), paint: c.bold },
      { text: row.title },
      { text: String(row.steps) },
      { text: row.services.length > 0 ? row.services.join(', ') : '-' },
      row.missing.length === 0 ? { text: '✔', paint: c.green } : { text: `✘ missing: ${row.missing.join(', ')}`, paint: c.red },
    ]);
  }
  const widths = HEADER.map((_, i) => Math.max(...table.map((r) => (r.length === 2 && i === 1 ? 0 : textWidth(r[i]?.text ?? '')))));
  const width = options.width;
  const tooWide = width !== undefined && widths.reduce((sum, w) => sum + w + 2, 0) > width;
  // Too wide for the terminal: the title joins the description, under the row, wrapped.
  const shownTable = tooWide ? table.map((cells) => (cells.length === 2 ? cells : cells.filter((_, i) => i !== 1))) : table;
  const shownWidths = tooWide ? widths.filter((_, i) => i !== 1) : widths;
  const under = (i: number): string | undefined => {
    const row = rows[i - 1];
    const title = tooWide && row?.parses ? row.title : undefined;
    const text = [title, descriptions[i]].filter((t) => t !== undefined).join(' — ');
    if (text === '') return undefined;
    const pieces = [...(title ? [{ text: title, paint: [c.bold] }] : []), { text: text.slice(title?.length ?? 0), paint: [c.dim] }];
    return wrapMessage('    ', pieces, width ?? Infinity, '    ');
  };
  return heading + shownTable
    .map((cells, i) => {
      const below = i === 0 ? undefined : under(i);
      return renderRow(cells, shownWidths) + (below !== undefined ? `${below}\n` : '');
    })
    .join('');
}

/**
 * The listing as JSON: an array with one object per scenario (see `ScenarioListing`).
 * @returns the JSON text, ending in `\n`.
 */
export function formatScenarioListJson(rows: readonly ScenarioListing[]): string {
  return JSON.stringify(rows, null, 2) + '\n';
}
