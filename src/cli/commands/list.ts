/**
 * `nslab list [DIR]`: the scenarios of a directory and whether this machine can run them;
 * without DIR, of ./scenarios, or the bundled course when there is none.
 */
import { terminalColumns } from '../../util/terminal-columns.js';
import { Option } from 'commander';
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';

/** Options of `nslab list`. */
interface ListCliOptions {
  format: 'text' | 'json';
}

/** Registers `nslab list`: exit 0 (a file that does not parse is a row, not a failure), 2 for a directory that does not exist. */
export const registerList: RegisterCommand = (program, ctx) => {
  program
    .command('list')
    .description('list scenarios: title, steps, services, and whether the programs they need are installed')
    .argument('[dir]', 'directory of scenarios, a file or a lesson name (default: ./scenarios, else the bundled course)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (dir: string | undefined, opts: ListCliOptions) => {
      const [{ listScenarios }, format, { defaultLessonDir }] = await Promise.all([
        import('../../lint/list-scenarios.js'),
        import('../../view/terminal/format-scenario-list.js'),
        import('../../scenario/find-lesson.js'),
      ]);
      const where = dir === undefined ? defaultLessonDir() : { dir, course: false };
      const rows = await listScenarios([where.dir]);
      if (opts.format !== 'json') await (await import('../../util/text-width.js')).loadTextWidth();
      process.stdout.write(opts.format === 'json' ? format.formatScenarioListJson(rows) : format.formatScenarioList(rows, ctx.chalk, { course: where.course ? where.dir : undefined, ...(process.stdout.isTTY && { width: terminalColumns() }) }));
      ctx.setExitCode(ExitCode.ok);
    });
};
