/**
 * Aligned text tables for the terminal (`nslab list`, `progress`, `grade`): columns padded to
 * their widest cell, two spaces apart, colours applied after padding so they do not count.
 * Widths are terminal columns (util/text-width.ts: a CJK character or an emoji takes 2).
 */
import { textWidth } from '../../util/text-width.js';


/** A cell: its plain text (for widths) and how to colour it. */
export interface Cell {
  text: string;
  paint?: (s: string) => string;
}

/** One row: each cell padded to its column's width (the last one not), two spaces apart. */
export function renderRow(cells: readonly Cell[], widths: readonly number[]): string {
  const out = cells.map((cell, i) => {
    const padded = i === cells.length - 1 ? cell.text : cell.text + ' '.repeat(Math.max(0, widths[i]! - textWidth(cell.text)));
    return cell.paint ? cell.paint(padded) : padded;
  });
  return out.join('  ').trimEnd() + '\n';
}

/**
 * @param rows the header first, then the rows; every row has the same number of cells
 * @returns the lines, each ending in `\n`
 */
export function renderTable(rows: readonly (readonly Cell[])[]): string {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((r) => textWidth(r[i]?.text ?? ''))));
  return rows.map((r) => renderRow(r, widths)).join('');
}
