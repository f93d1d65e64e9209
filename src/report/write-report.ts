/**
 * `--report FILE`: writes a run's report as JSON (docs/report.schema.json) or JUnit XML, chosen
 * by `--report-format` or else by the file's extension (`.xml`: JUnit; anything else: JSON).
 */
import { extname } from 'node:path';
import { UsageError } from '../util/errors.js';
import { chownTo, type SudoOwner } from '../util/sudo-owner.js';
import { writeFileAtomic } from '../util/write-file-atomic.js';
import { junitFromReports } from './junit-run-report.js';
import type { RunReport } from './run-report.js';

/** The formats `--report` writes. */
export type ReportFormat = 'json' | 'junit';

/**
 * Decides the format.
 * @param file the report's path
 * @param explicit `--report-format`, when given
 * @throws UsageError for a format other than `json` or `junit`
 */
export function reportFormat(file: string, explicit?: string): ReportFormat {
  if (explicit === undefined) return extname(file).toLowerCase() === '.xml' ? 'junit' : 'json';
  if (explicit === 'json' || explicit === 'junit') return explicit;
  throw new UsageError(`--report-format ${explicit}: expected json or junit`);
}

/**
 * Renders reports in a format.
 * @throws UsageError for JSON with more than one report (a JSON report holds one scenario run;
 *   JUnit holds any number)
 */
export function renderReport(reports: readonly RunReport[], format: ReportFormat): string {
  if (format === 'junit') return junitFromReports(reports);
  if (reports.length !== 1) {
    throw new UsageError(`a JSON report holds one scenario, and this run has ${reports.length}: give one scenario, or write JUnit XML (a .xml file)`);
  }
  return JSON.stringify(reports[0], null, 2) + '\n';
}

/**
 * Writes the report file whole (a grader never reads half of one), readable by all (0644), and
 * under sudo owned by the person who ran sudo.
 * @param file where to write
 * @param owner see sudoOwner(); undefined leaves the file to the process's user
 * @throws UsageError as renderReport does; the fs error when the file cannot be written
 */
export async function writeReport(file: string, reports: readonly RunReport[], format: ReportFormat, owner?: SudoOwner): Promise<void> {
  await writeFileAtomic(file, renderReport(reports, format), 0o644);
  await chownTo(owner, [file]);
}
