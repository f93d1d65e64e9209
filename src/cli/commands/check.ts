/**
 * `nslab check FILE`: the current state against every step of a scenario, changing nothing —
 * by default the host's namespaces (a student who followed the tutorial in a root shell); run
 * inside a practice shell (`NSLAB_PRACTICE` is set there), the practice sandbox, since that
 * shell lives in the sandbox's namespaces.
 */
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { showWarnings } from '../show-warnings.js';

/** The variable a practice shell sets (to its control directory), so `check` can say where it looks. */
export const PRACTICE_ENV = 'NSLAB_PRACTICE';

/**
 * Registers `nslab check`: exit 0 when every step holds, 1 otherwise, 2 for a bad file, 3 when
 * not root (`ip netns exec` needs it).
 */
export const registerCheck: RegisterCommand = (program, ctx) => {
  program
    .command('check')
    .description("check the current state against every step of a scenario (the host's namespaces; a practice shell's sandbox), changing nothing")
    .argument('<file>', 'scenario file (Markdown)')
    .option('--host', "the host's namespaces (the default outside a practice shell)")
    .action(async (file: string) => {
      const [{ loadLintedScenario }, { checkScenario }, { createProbeExec }, { formatProgress }, { EnvironmentError }] = await Promise.all([
        import('../../lint/load-linted-scenario.js'),
        import('../../verify/check-scenario.js'),
        import('../../sandbox/probe-exec.js'),
        import('../../report/progress-table.js'),
        import('../../util/errors.js'),
      ]);
      const { scenario, warnings } = await loadLintedScenario(file);
      showWarnings(warnings, ctx.chalk);
      if (process.getuid?.() !== 0) {
        throw new EnvironmentError("check reads every namespace's state (ip netns exec NS ...), which needs root: run it with sudo.");
      }
      // One bash starts every state read: a fresh process per read costs more (probe-exec.ts).
      const probe = createProbeExec(['bash', '--noprofile', '--norc'], false);
      try {
        const where = process.env[PRACTICE_ENV] ? 'private' : 'host';
        const outcome = await checkScenario(scenario, { exec: probe.exec, where });
        process.stdout.write(formatProgress(outcome, ctx.chalk));
        ctx.setExitCode(outcome.ok ? ExitCode.ok : ExitCode.failed);
      } finally {
        await probe.close();
      }
    });
};
