/**
 * `nslab progress`: what the user has done of each scenario (see docs/reports.md, Progress).
 */
import { Option } from 'commander';
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';

/** Options of `nslab progress`. */
interface ProgressCliOptions {
  format: 'text' | 'json';
}

/** Registers `nslab progress`: exit 0, also when nothing is recorded yet. */
export const registerProgress: RegisterCommand = (program, ctx) => {
  program
    .command('progress')
    .description('list your progress in each scenario: steps done of all, last activity, hints and predictions')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: ProgressCliOptions) => {
      const [{ openProgressStore }, { listProgress }, format] = await Promise.all([
        import('../../progress/progress-store.js'),
        import('../../progress/list-progress.js'),
        import('../../view/terminal/format-progress.js'),
      ]);
      const rows = await listProgress(await openProgressStore());
      if (opts.format !== 'json') await (await import('../../util/text-width.js')).loadTextWidth();
      process.stdout.write(opts.format === 'json' ? format.formatProgressJson(rows) : format.formatProgress(rows, ctx.chalk));
      ctx.setExitCode(ExitCode.ok);
    });
};
