/**
 * The `--report FILE`, `--report-format` and `--student` options that `run`, `check` and
 * `practice` share, checked before anything runs.
 */
import type { ReportFormat } from '../report/write-report.js';

/** The options as commander gives them. */
export interface ReportCliOptions {
  report?: string;
  reportFormat?: string;
  student?: string;
}

/**
 * Resolves `--report` and its format, and checks that the file can be written, so that a typo
 * is a usage error before minutes of work, not after.
 * @returns the file and its format; undefined without `--report`
 * @throws UsageError for a bad `--report-format`, `--report-format` without `--report`, or a
 *   file that is a directory or in a directory that is missing or not writable
 */
export async function reportOptions(opts: ReportCliOptions): Promise<{ file: string; format: ReportFormat } | undefined> {
  if (opts.report === undefined) {
    if (opts.reportFormat !== undefined) {
      const { UsageError } = await import('../util/errors.js');
      throw new UsageError(`--report-format ${opts.reportFormat} only applies with --report FILE`);
    }
    return undefined;
  }
  // Loaded only when asked for: every command's module is loaded at start-up, the XML writer need not be.
  const { assertWritable, reportFormat } = await import('../report/write-report.js');
  const report = { file: opts.report, format: reportFormat(opts.report, opts.reportFormat) };
  await assertWritable(report.file, '--report');
  return report;
}
