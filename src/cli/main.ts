/**
 * The command line: turns argv into options, calls one library function per command, sets the
 * exit code. Heavy modules are imported by the command that needs them, so `--help` stays fast.
 */
import { Command, CommanderError } from 'commander';
import { Chalk, type ChalkInstance } from 'chalk';
import { ExitCode } from './exit-codes.js';
import { handleError } from './handle-error.js';

const VERSION = '0.1.0';

/** Signals that interrupt a run, and the exit code for each (128 + signal number). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: ExitCode.interrupted,
  SIGTERM: ExitCode.terminated,
  SIGHUP: ExitCode.hangup,
};

/** Options of `nslab run`. */
interface RunCliOptions {
  yes?: boolean;
  host?: boolean;
  debug?: boolean;
  color?: boolean;
}

async function runCommand(file: string, opts: RunCliOptions, c: ChalkInstance): Promise<number> {
  const guided = !opts.yes && process.stdin.isTTY === true;
  const [{ loadScenario }, { runScenario }, { createTerminalReporter }, prompts] = await Promise.all([
    import('../scenario/load-scenario.js'),
    import('../run/run-scenario.js'),
    import('../report/terminal-reporter.js'),
    guided ? import('./prompt-controller.js') : undefined,
  ]);
  const scenario = await loadScenario(file);
  const abort = new AbortController();
  let signalExit: number = ExitCode.interrupted;
  // SIGHUP: the terminal closed. All three stop the running command and still run cleanup.
  const handlers = new Map<NodeJS.Signals, () => void>(
    (Object.entries(SIGNAL_EXIT) as Array<[NodeJS.Signals, number]>).map(([name, code]) => [
      name,
      () => {
        signalExit = code;
        abort.abort();
      },
    ]),
  );
  for (const [name, handler] of handlers) process.on(name, handler);
  // A closed terminal (EIO) or pipe (EPIPE) must not crash the run before its cleanup.
  const ignore = () => {};
  process.stdout.on('error', ignore);
  try {
    const result = await runScenario(scenario, {
      host: opts.host,
      controller: prompts?.createPromptController(),
      onEvent: createTerminalReporter({ write: (s) => process.stdout.write(s), chalk: c, guided }),
      signal: abort.signal,
    });
    if (result.status === 'interrupted') return signalExit;
    return result.status === 'passed' ? ExitCode.ok : ExitCode.failed;
  } finally {
    for (const [name, handler] of handlers) process.off(name, handler);
    process.stdout.off('error', ignore);
    // An abandoned prompt (SIGTERM while it waited) may have left the terminal in raw mode.
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    process.stdin.pause();
  }
}

/**
 * Runs the CLI with the given arguments (without `node` and the script) and exits the process
 * with nslab's exit code (0 passed, 1 failed, 2 bad scenario or usage, 3 environment, 130/143
 * interrupted).
 */
export async function main(argv: string[]): Promise<void> {
  let debug = argv.includes('--debug');
  const colorOff = argv.includes('--no-color') || 'NO_COLOR' in process.env;
  const c = new Chalk(colorOff ? { level: 0 } : {});
  let exitCode: number = ExitCode.ok;
  const program = new Command()
    .name('nslab')
    .description('Run Markdown tutorials about Linux network emulation as labs that check themselves.')
    .version(VERSION)
    .option('--no-color', 'no colours in the output')
    .option('--debug', 'show stack traces of errors')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .command('run')
    .description('run a scenario step by step, checking every expected outcome')
    .argument('<file>', 'scenario file (Markdown)')
    .option('-y, --yes', 'run without pauses; stop at the first failing step (implied when stdin is not a terminal)')
    .option('--host', 'run on the host as the tutorial does (root), not in a private sandbox')
    .action(async (file: string, opts: RunCliOptions) => {
      exitCode = await runCommand(file, { ...program.opts(), ...opts }, c);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    } else {
      debug ||= program.opts().debug === true;
      exitCode = handleError(error, c, debug, (s) => process.stderr.write(s));
    }
  }
  process.exitCode = exitCode;
}
