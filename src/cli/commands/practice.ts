/**
 * `nslab practice FILE`: the student types the commands in a shell inside a private sandbox,
 * and nslab checks each step after every command. The session is recorded in the student's
 * progress (and `--report FILE`) when the shell ends, after a signal too; a later session offers
 * to resume at the first unfinished step.
 */
import type { ChalkInstance } from 'chalk';
import type { Scenario } from '../../scenario/model.js';
import type { FileIdentity } from '../../util/file-identity.js';
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { reportOptions, type ReportCliOptions } from '../report-options.js';
import { showWarnings } from '../show-warnings.js';
import { withInterrupts } from '../with-interrupts.js';
import { findLesson } from '../../scenario/find-lesson.js';

/** Options of `nslab practice`. */
interface PracticeCliOptions extends ReportCliOptions {
  resume?: boolean;
  restart?: boolean;
}

/**
 * Decides the step to start at from the student's latest practice of this version of the file
 * (progress/resume-point.ts): `--restart` step 1; `--resume` that practice's first unfinished
 * step without asking, and says where and why; neither asks when there is a step to resume at
 * (default yes), else starts at step 1.
 * @returns the step number; undefined when the question was cancelled (Ctrl-C)
 */
async function startingStep(scenario: Scenario, identity: FileIdentity, opts: PracticeCliOptions, c: ChalkInstance): Promise<number | undefined> {
  if (opts.restart) return 1;
  const [{ openProgressStore }, { findResumePoint }, notice] = await Promise.all([
    import('../../progress/progress-store.js'),
    import('../../progress/resume-point.js'),
    import('../../view/terminal/resume-notice.js'),
  ]);
  const decision = await findResumePoint(await openProgressStore(), identity, scenario.steps.length);
  const titles = scenario.steps.map((s) => s.title);
  // Prose, wrapped to the terminal as a step's explanation is.
  const { renderMarkdown } = await import('../../view/terminal/render-markdown.js');
  if (opts.resume) {
    process.stdout.write(c.dim(renderMarkdown(notice.resumeNotice(decision, titles), c)) + '\n\n');
    return decision.resume ? decision.at : 1;
  }
  if (!decision.resume) return 1;
  process.stdout.write(c.dim(renderMarkdown(notice.resumeContext(decision), c)) + '\n');
  const { askResume } = await import('../ask-resume.js');
  try {
    const yes = await askResume(notice.resumeQuestion(decision, titles), (answer) => notice.resumeAnswer(answer, decision.at));
    // The lesson's title follows, set apart from the question.
    process.stdout.write('\n');
    return yes ? decision.at : 1;
  } catch {
    process.stderr.write(c.dim('Cancelled.') + '\n');
    return undefined;
  }
}

/**
 * Registers `nslab practice`: exit 0 when every step was finished (done, solved or read), 1
 * when the shell ended before, 2 for a bad file or without a terminal, 3 when the sandbox
 * cannot be made, 130 when the resume question was cancelled, 129 when the terminal closed
 * (the shell was hung up), 128 + N after signal N.
 */
export const registerPractice: RegisterCommand = (program, ctx) => {
  program
    .command('practice')
    .description('type the commands yourself in a shell inside a private sandbox; each step is checked after every command')
    .argument('<file>', 'scenario file (Markdown), or a lesson name: l3-router (./scenarios, then the bundled course)')
    .option('--resume', 'resume where your latest practice of the file stopped, without asking; says where and why (the steps before it are fast-forwarded)')
    .option('--restart', 'start at step 1 without asking, whatever the progress')
    .option('--report <file>', 'when the practice ends, write a report: JSON (docs/report.schema.json, mode practice), or JUnit XML for a .xml file')
    .option('--report-format <format>', 'json or junit, whatever the file name')
    .option('--student <name>', 'the student named in the report (default: $NSLAB_STUDENT)')
    .action(async (lesson: string, opts: PracticeCliOptions) => {
      const file = findLesson(lesson);
      const [{ loadLintedScenario }, { practice }, { createPracticeView }, { UsageError, InterruptedError }, session] = await Promise.all([
        import('../../lint/load-linted-scenario.js'),
        import('../../practice/practice.js'),
        import('../../view/terminal/practice-view.js'),
        import('../../util/errors.js'),
        import('../run-session.js'),
      ]);
      if (opts.resume && opts.restart) throw new UsageError('--resume and --restart cannot be used together');
      const report = await reportOptions(opts);
      const { scenario, warnings } = await loadLintedScenario(file);
      showWarnings(warnings, ctx.chalk);
      await (await import('../../view/terminal/render-markdown.js')).prepareToRender(scenario, { titles: true });
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new UsageError('practice opens an interactive shell: run it in a terminal (nslab run --yes runs a scenario unattended).');
      }
      const start = await session.startSession(file);
      const resumeAt = await startingStep(scenario, start.identity, opts, ctx.chalk);
      if (resumeAt === undefined) return ctx.setExitCode(ExitCode.interrupted);
      ctx.setExitCode(
        await withInterrupts(async (signal) => {
          let outcome;
          try {
            outcome = await practice(scenario, { render: createPracticeView(ctx.chalk), write: (s) => process.stdout.write(s), signal, resumeAt });
          } catch (error) {
            // Interrupted before the shell started: nothing was practised, nothing to record.
            if (error instanceof InterruptedError) return undefined;
            throw error;
          }
          await session.endSession(outcome, start, { mode: 'practice', student: opts.student, report, interrupted: signal.aborted }, ctx.chalk);
          if (signal.aborted) return undefined;
          if (outcome.hungUp) return ExitCode.hangup;
          return outcome.ok ? ExitCode.ok : ExitCode.failed;
        }),
      );
    });
};
