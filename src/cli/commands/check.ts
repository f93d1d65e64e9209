/**
 * `nslab check FILE`: the current state against every step of a scenario, changing nothing —
 * by default the host's namespaces (a student who followed the tutorial in a root shell); run
 * inside a practice shell (`NSLAB_PRACTICE` is set there), the practice sandbox, and as one of
 * a run's commands (`NSLAB_SANDBOX`), the run's sandbox, since those shells live in the
 * sandbox's namespaces. `--report FILE` writes what it found (mode `check`).
 *
 * A check that uses a shell variable (`ping $ADDR succeeds`) takes its value from nslab's own
 * environment, or in a practice shell from what that shell last wrote (verify/check-variables.ts).
 *
 * It records nothing in the user's progress: it sees a state, not who built it or how (a
 * script, another user, nslab's own `solve`), so it would credit work it did not watch; `run`
 * and `practice` watch the student and record.
 */
import type { RegisterCommand } from '../cli-context.js';
import { reportOptions, type ReportCliOptions } from '../report-options.js';
import { ExitCode } from '../exit-codes.js';
import { showWarnings } from '../show-warnings.js';
import { findLesson } from '../../scenario/find-lesson.js';
import { SANDBOX_ENV } from '../../sandbox/sandbox-env.js';
import { terminalColumns } from '../../util/terminal-columns.js';

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
    .argument('<file>', 'scenario file (Markdown), or a lesson name: l3-router (./scenarios, then the bundled course)')
    .option('--host', "the host's namespaces (the default outside a practice shell)")
    .option('--report <file>', 'write what was found: JSON (docs/report.schema.json, mode check), or JUnit XML for a .xml file')
    .option('--report-format <format>', 'json or junit, whatever the file name')
    .option('--student <name>', 'the student named in the report (default: $NSLAB_STUDENT)')
    .action(async (lesson: string, opts: ReportCliOptions) => {
      const file = findLesson(lesson);
      const [{ loadLintedScenario }, { checkScenario }, { createProbeExec }, { formatProgress }, { EnvironmentError }, session, { variablesForCheck }] = await Promise.all([
        import('../../lint/load-linted-scenario.js'),
        import('../../verify/check-scenario.js'),
        import('../../sandbox/probe-exec.js'),
        import('../../view/terminal/progress-table.js'),
        import('../../util/errors.js'),
        import('../run-session.js'),
        import('../../verify/check-variables.js'),
      ]);
      const report = await reportOptions(opts);
      const { scenario, warnings } = await loadLintedScenario(file);
      showWarnings(warnings, ctx.chalk);
      await (await import('../../view/terminal/render-markdown.js')).prepareToRender(scenario, { titles: true });
      if (process.getuid?.() !== 0) {
        throw new EnvironmentError("check reads every namespace's state (ip netns exec NS ...), which needs root: run it with sudo.");
      }
      // One bash starts every state read: a fresh process per read costs more (probe-exec.ts).
      const start = await session.startSession(file);
      const probe = createProbeExec(['bash', '--noprofile', '--norc'], false);
      try {
        // A practice shell and a run's commands live in a private sandbox: its namespaces are
        // what this process sees, whatever --host says.
        const sandbox = process.env[PRACTICE_ENV] ? 'practice' : process.env[SANDBOX_ENV] ? 'run' : undefined;
        const variables = variablesForCheck(scenario, process.env, process.env[PRACTICE_ENV]);
        const outcome = await checkScenario(scenario, { exec: probe.exec, where: sandbox ? 'private' : 'host', ...(sandbox && { sandbox }), variables });
        process.stdout.write(formatProgress(outcome, ctx.chalk, process.stdout.isTTY ? { width: terminalColumns() } : {}));
        await session.endSession(outcome, start, { mode: 'check', student: opts.student, report, progress: false }, ctx.chalk);
        ctx.setExitCode(outcome.ok ? ExitCode.ok : ExitCode.failed);
      } finally {
        await probe.close();
      }
    });
};
