/**
 * `nslab practice FILE`: the student types the commands in a shell inside a private sandbox,
 * and nslab checks each step after every command.
 */
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { showWarnings } from '../show-warnings.js';
import { withInterrupts } from '../with-interrupts.js';

/**
 * Registers `nslab practice`: exit 0 when every step was finished (done, solved or read), 1
 * when the shell ended before, 2 for a bad file or without a terminal, 3 when the sandbox
 * cannot be made.
 */
export const registerPractice: RegisterCommand = (program, ctx) => {
  program
    .command('practice')
    .description('type the commands yourself in a shell inside a private sandbox; each step is checked after every command')
    .argument('<file>', 'scenario file (Markdown)')
    .action(async (file: string) => {
      const [{ loadLintedScenario }, { practice }, { createPracticeView }, { UsageError }] = await Promise.all([
        import('../../lint/load-linted-scenario.js'),
        import('../../practice/practice.js'),
        import('../../report/practice-view.js'),
        import('../../util/errors.js'),
      ]);
      const { scenario, warnings } = await loadLintedScenario(file);
      showWarnings(warnings, ctx.chalk);
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new UsageError('practice opens an interactive shell: run it in a terminal (nslab run --yes runs a scenario unattended).');
      }
      ctx.setExitCode(
        await withInterrupts(async (signal) => {
          const outcome = await practice(scenario, { render: createPracticeView(ctx.chalk), write: (s) => process.stdout.write(s), signal });
          if (signal.aborted) return undefined;
          return outcome.ok ? ExitCode.ok : ExitCode.failed;
        }),
      );
    });
};
