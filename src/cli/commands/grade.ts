/**
 * `nslab grade REPORT...`: a class's JSON reports merged into one table (docs/reports.md, Grading).
 */
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';

/** Options of `nslab grade`. */
interface GradeCliOptions {
  csv?: string;
  scenario?: string;
}

/**
 * Registers `nslab grade`: exit 0 when every report was graded, 1 when one was flagged (another
 * version of the scenario or another scenario, an older report of the same student, unreadable),
 * 2 when none could be graded. A file named twice is graded once.
 */
export const registerGrade: RegisterCommand = (program, ctx) => {
  program
    .command('grade')
    .description("merge students' JSON reports into a class table: each step done, solved, failed or not reached; hints, predictions, time")
    .argument('<reports...>', 'JSON reports (run --report FILE.json), one per student')
    .option('--csv <file>', 'also write the table as CSV (RFC 4180) for a spreadsheet')
    .option('--scenario <file>', 'grade reports of this version of the scenario, a file or lesson name (default: the version most reports are of)')
    .action(async (files: string[], opts: GradeCliOptions) => {
      const [{ readReports }, { gradeClass }, { formatGrade, gradeCsv }, { writeRequestedFile }, { fileIdentity }, { UsageError }] = await Promise.all([
        import('../../grade/read-report.js'),
        import('../../grade/grade-class.js'),
        import('../../view/terminal/format-grade.js'),
        import('../../report/write-report.js'),
        import('../../util/file-identity.js'),
        import('../../util/errors.js'),
      ]);
      const { assertWritable } = await import('../../report/write-report.js');
      if (opts.csv !== undefined) await assertWritable(opts.csv, '--csv');
      const scenario = opts.scenario === undefined ? undefined : (await import('../../scenario/find-lesson.js')).findLesson(opts.scenario);
      const wanted =
        scenario === undefined
          ? undefined
          : {
              path: scenario,
              sha256: (
                await fileIdentity(scenario).catch((error: NodeJS.ErrnoException) => {
                  throw new UsageError(`--scenario ${scenario}: cannot read it (${error.code ?? error.message})`);
                })
              ).sha256,
            };
      const grade = gradeClass(await readReports(files), wanted);
      await (await import('../../util/text-width.js')).loadTextWidth();
      process.stdout.write(formatGrade(grade, ctx.chalk));
      if (opts.csv !== undefined) await writeRequestedFile(opts.csv, gradeCsv(grade));
      ctx.setExitCode(grade.students.length === 0 ? ExitCode.usage : grade.flagged.length > 0 ? ExitCode.failed : ExitCode.ok);
    });
};
