/**
 * Rendering `nslab progress`: a table for people, or JSON.
 */
import type { ChalkInstance } from 'chalk';
import type { ProgressListing } from '../../progress/list-progress.js';
import { renderTable, type Cell } from './table.js';

/** `2024-05-01 14:03`, in the local time zone. */
export function localMinute(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `2 solved · 1 failed · 3 hints · predictions 2/3`, the parts that are not zero. */
function notes(row: ProgressListing): string {
  const steps = row.progress.steps;
  const solved = steps.filter((s) => s.status === 'solved').length;
  const failed = steps.filter((s) => s.status === 'failed').length;
  const hints = steps.reduce((n, s) => n + s.hintsUsed, 0);
  const predictions = steps.flatMap((s) => s.predictions);
  const parts = [
    solved > 0 ? `${solved} solved` : '',
    failed > 0 ? `${failed} failed` : '',
    hints > 0 ? `${hints} hint${hints === 1 ? '' : 's'}` : '',
    predictions.length > 0 ? `predictions ${predictions.filter((p) => p.right).length}/${predictions.length} right` : '',
    row.file === 'changed' ? 'the file has changed since' : row.file === 'missing' ? 'the file is gone' : '',
  ];
  return parts.filter((p) => p !== '').join(' · ');
}

/**
 * The listing as a table: scenario, file, steps finished/total, steps earned (done by the
 * student's own commands in practice)/total, last activity, notes.
 * @param c colours only
 * @returns lines ending in `\n`; a sentence when there is no progress yet
 */
export function formatProgress(rows: readonly ProgressListing[], c: ChalkInstance): string {
  if (rows.length === 0) return 'no progress recorded yet: run a scenario (nslab run FILE)\n';
  const header: Cell[] = ['SCENARIO', 'FILE', 'STEPS', 'EARNED', 'LAST ACTIVITY', 'NOTES'].map((text) => ({ text, paint: c.dim }));
  const table = rows.map((row): Cell[] => [
    { text: row.progress.scenario.title, paint: c.bold },
    { text: row.progress.scenario.path, paint: row.file === 'current' ? undefined : c.dim },
    { text: `${row.finished}/${row.total}`, paint: row.finished === row.total ? c.green : undefined },
    { text: `${row.earned}/${row.total}`, paint: row.earned === row.total ? c.green : undefined },
    { text: localMinute(row.progress.lastActivity) },
    { text: notes(row), paint: c.dim },
  ]);
  return renderTable([header, ...table]);
}

/**
 * The listing as JSON: an array of `{ progress, file, finished, earned, total }` (see ProgressListing;
 * `progress` is the stored record).
 */
export function formatProgressJson(rows: readonly ProgressListing[]): string {
  return JSON.stringify(rows, null, 2) + '\n';
}
