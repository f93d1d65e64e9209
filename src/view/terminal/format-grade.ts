/**
 * Rendering `nslab grade`: the class table for the terminal, and the same table as CSV for a
 * spreadsheet.
 */
import type { ChalkInstance } from 'chalk';
import { stringify } from 'csv-stringify/sync';
import type { ClassGrade, GradeStepStatus, StudentGrade } from '../../grade/grade-class.js';
import { formatDuration } from '../../util/duration.js';
import { renderTable, type Cell } from './table.js';

/**
 * A step's mark in the terminal table. One column wide each, so the table stays aligned (`»`
 * for fast-forwarded, not the two-column `⏩` of the run's output).
 */
const MARK: Record<GradeStepStatus, string> = {
  done: '✔', ran: 'R', held: 'C', read: '–', solved: 'S', failed: '✘', skipped: '↷', 'not-reached': '·', 'fast-forwarded': '»',
};

/** A step's outcome in words, for the CSV. */
const WORD: Record<GradeStepStatus, string> = {
  done: 'done', ran: 'ran by nslab', held: 'held (check)', read: 'read', solved: 'solved', failed: 'failed', skipped: 'skipped', 'not-reached': 'not reached', 'fast-forwarded': 'fast-forwarded',
};

/** The legend under the table, one entry per mark. */
const LEGEND = '✔ done by the student  R ran by nslab (run)  C held (check)  S solved  – read  ✘ failed  ↷ skipped  » fast-forwarded  · not reached';

function paintMark(status: GradeStepStatus, c: ChalkInstance): (s: string) => string {
  if (status === 'done') return c.green;
  if (status === 'solved' || status === 'ran' || status === 'held') return c.yellow;
  if (status === 'failed') return c.red;
  return c.dim;
}

const predictionsText = (s: StudentGrade) => (s.predictions === 0 ? '-' : `${s.predictionsRight}/${s.predictions}`);

/**
 * The class table: a row per student, a column per step (✔ done by the student, R ran by nslab,
 * C held in a check, S solved, – read, ✘ failed, ↷ skipped, » fast-forwarded, · not reached),
 * the steps the student earned (✔ only), hints, predictions right, time; then a legend and
 * every flagged report. With no row, the flagged reports come first, then `no report to grade`, so
 * the reasons are read before the verdict.
 * @param c colours only
 * @returns lines ending in `\n`
 */
export function formatGrade(grade: ClassGrade, c: ChalkInstance): string {
  const out: string[] = [];
  if (grade.students.length > 0) {
    out.push(c.bold(grade.scenario.title) + c.dim(` · sha256 ${grade.scenario.sha256.slice(0, 12)}… · ${grade.students.length} student${grade.students.length === 1 ? '' : 's'}`) + '\n');
    const header: Cell[] = [{ text: 'STUDENT' }, ...grade.steps.map((s) => ({ text: String(s.number) })), { text: 'EARNED' }, { text: 'HINTS' }, { text: 'PREDICTIONS' }, { text: 'TIME' }].map((cell) => ({ ...cell, paint: c.dim }));
    const rows = grade.students.map((s): Cell[] => [
      { text: s.student, paint: c.bold },
      ...s.steps.map((status) => ({ text: MARK[status], paint: paintMark(status, c) })),
      { text: `${s.earned}/${s.steps.length}` },
      { text: String(s.hintsUsed) },
      { text: predictionsText(s) },
      { text: formatDuration(s.timeMs) },
    ]);
    out.push(renderTable([header, ...rows]));
    out.push(c.dim(LEGEND) + '\n');
    out.push(grade.steps.map((s) => c.dim(`${String(s.number).padStart(3)}. ${s.title}`)).join('\n') + '\n');
  }
  for (const f of grade.flagged) out.push(c.yellow(`⚠ ${f.reason.startsWith(f.file) ? f.reason : `${f.file}: ${f.reason}`}`) + '\n');
  if (grade.students.length === 0) out.push(grade.flagged.length > 0 ? 'no report to grade: every one given is left out (above)\n' : 'no report to grade\n');
  return out.join('');
}

/**
 * The class table as CSV records (header first): student, report, one column per step (done,
 * ran by nslab, held (check), solved, read, failed, skipped, fast-forwarded, not reached), steps
 * earned, hints used, predictions right, predictions, time spent in seconds, note. Flagged reports are rows too, their step columns empty and the reason in
 * the note, so the spreadsheet shows who was left out.
 */
export function gradeCsvRecords(grade: ClassGrade): string[][] {
  const header = ['student', 'report', ...grade.steps.map((s) => `${s.number}. ${s.title}`), 'steps earned', 'hints used', 'predictions right', 'predictions', 'time spent (s)', 'note'];
  const rows = grade.students.map((s) => [
    s.student,
    s.file,
    ...s.steps.map((status) => WORD[status]),
    String(s.earned),
    String(s.hintsUsed),
    String(s.predictionsRight),
    String(s.predictions),
    String(Math.round(s.timeMs / 1000)),
    '',
  ]);
  const flagged = grade.flagged.map((f) => [f.student ?? '', f.file, ...grade.steps.map(() => ''), '', '', '', '', '', f.reason]);
  return [header, ...rows, ...flagged];
}

/**
 * The class table as a CSV file (RFC 4180: fields separated by commas, records ended by CRLF,
 * a field with a comma, a double quote or a line break in double quotes, quotes doubled).
 * csv-stringify quotes a comma and a quote by itself, but with a CRLF record delimiter it
 * leaves a lone LF or CR bare, which RFC 4180 section 2 rule 6 and spreadsheets read as a new
 * record: `quoted_match` quotes those too.
 */
export function gradeCsv(grade: ClassGrade): string {
  return stringify(gradeCsvRecords(grade), { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
