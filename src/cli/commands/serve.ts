/**
 * `nslab serve [DIR|FILE]`: the course in a browser, each lesson a practice session in a private
 * sandbox (docs/serve.md). Its work is in its own bundle (serve/bundle-path.ts), required only
 * here, so no other command loads a web server.
 */
import { createRequire } from 'node:module';
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { withInterrupts } from '../with-interrupts.js';
import { serveBundlePath } from '../../serve/bundle-path.js';
import { EnvironmentError, UsageError } from '../../util/errors.js';
import type { serve as serveFunction } from '../../serve/serve-command.js';

/** Options of `nslab serve`. */
interface ServeCliOptions {
  port: string;
  open?: boolean;
}

/**
 * The bundle's errors are its own copies of util/errors.ts's classes: the same error again,
 * of this bundle's class, so that handle-error.ts names it and picks its exit code.
 */
function asOwnError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === 'UsageError') return new UsageError(error.message);
  if (error.name === 'EnvironmentError') return new EnvironmentError(error.message);
  return error;
}

/**
 * Registers `nslab serve`: runs until Ctrl-C, SIGTERM or SIGHUP, then exits 128 + the signal's
 * number once every lesson's sandbox is closed; 2 for a bad option or path, 3 when the port
 * cannot be taken.
 */
export const registerServe: RegisterCommand = (program, ctx) => {
  program
    .command('serve')
    .description('the course in your browser: the steps, a terminal in a private sandbox, checks ticking and the topology drawn live (127.0.0.1 only, with a token)')
    .argument('[dir]', 'directory of scenarios, a file or a lesson name (default: ./scenarios, else the bundled course)')
    .option('--port <port>', 'the port on 127.0.0.1 (default: any free port)', '0')
    .option('--open', 'open the URL in the browser ($BROWSER, else xdg-open)')
    .action(async (dir: string | undefined, opts: ServeCliOptions) => {
      const [{ wholeNumberArgument }, { defaultLessonDir, findLesson }, session] = await Promise.all([
        import('../../util/whole-number.js'),
        import('../../scenario/find-lesson.js'),
        import('../run-session.js'),
      ]);
      const port = wholeNumberArgument(opts.port, '--port', 0, 65535);
      const path = dir === undefined ? defaultLessonDir().dir : findLesson(dir);
      const bundle = createRequire(import.meta.url)(serveBundlePath()) as { serve: typeof serveFunction };
      ctx.setExitCode(
        await withInterrupts(async (signal) => {
          try {
            await bundle.serve({
              paths: [path], port, open: opts.open === true, signal,
              write: (s) => process.stdout.write(s),
              warn: (s) => process.stderr.write(ctx.chalk.yellow(s)),
              onSessionEnd: (_scenario, outcome, start, interrupted) => session.endSession(outcome, start, { mode: 'practice', interrupted }, ctx.chalk),
            });
          } catch (error) {
            throw asOwnError(error);
          }
          return signal.aborted ? undefined : ExitCode.ok;
        }),
      );
    });
};
