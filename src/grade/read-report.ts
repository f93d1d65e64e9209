/**
 * Reading a student's JSON report for `nslab grade`: parsed, and checked for what grading needs
 * (the full shape is docs/report.schema.json), with a message naming the file and line.
 */
import { readFile } from 'node:fs/promises';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../report/run-report.js';

/** A report read, or why it could not be. */
export type ReadReport = { ok: true; file: string; report: RunReport } | { ok: false; file: string; problem: string };

/** `LINE:COL` of a character offset, 1-based. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** The first thing grading needs that the parsed value lacks, or undefined when it has it all. */
function missing(data: Partial<RunReport>): string | undefined {
  if (data.schemaVersion !== REPORT_SCHEMA_VERSION) return `schemaVersion ${REPORT_SCHEMA_VERSION} (an nslab report of this version)`;
  if (typeof data.scenario?.sha256 !== 'string' || typeof data.scenario.title !== 'string') return 'scenario.title and scenario.sha256';
  if (!Array.isArray(data.steps) || data.steps.some((s) => typeof s?.number !== 'number' || typeof s.status !== 'string')) {
    return 'steps, each with a number and a status';
  }
  if (typeof data.durationMs !== 'number' || typeof data.finished !== 'string') return 'durationMs and finished';
  return undefined;
}

/**
 * @param file the report's path
 * @returns the report, or a problem such as `alice.json:3:5: not valid JSON: ...` or
 *   `bob.json: not an nslab report: expected steps, each with a number and a status`
 */
export async function readReport(file: string): Promise<ReadReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, file, problem: `${file}: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? `:${lineColumn(text, Number(position[1]))}` : '';
    return { ok: false, file, problem: `${file}${where}: not valid JSON: ${message}` };
  }
  const lack = typeof data === 'object' && data !== null ? missing(data as Partial<RunReport>) : 'a JSON object';
  if (lack) return { ok: false, file, problem: `${file}: not an nslab report: expected ${lack}` };
  return { ok: true, file, report: data as RunReport };
}
