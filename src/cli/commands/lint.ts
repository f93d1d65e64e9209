/**
 * `nslab lint FILE|DIR...`: every problem of every scenario, without running anything.
 */
import { Option } from 'commander';
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';

/** Options of `nslab lint`. */
interface LintCliOptions {
  format: 'text' | 'json';
}

/** Registers `nslab lint`: exit 0 when no file has an error (warnings alone pass), 1 otherwise, 2 for a path that does not exist. */
export const registerLint: RegisterCommand = (program, ctx) => {
  program
    .command('lint')
    .description('report every problem of scenario files (errors and warnings) without running them')
    .argument('<paths...>', 'scenario files, or directories (every *.md file below them)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], opts: LintCliOptions) => {
      const [{ lintFiles }, format] = await Promise.all([
        import('../../lint/lint-files.js'),
        import('../../view/terminal/format-problems.js'),
      ]);
      const report = await lintFiles(paths);
      process.stdout.write(opts.format === 'json' ? format.formatLintJson(report) : format.formatLintText(report, ctx.chalk));
      ctx.setExitCode(report.problems.some((p) => p.severity === 'error') ? ExitCode.failed : ExitCode.ok);
    });
};
