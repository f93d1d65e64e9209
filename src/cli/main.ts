/**
 * The command line: turns argv into options, calls one library function per command, sets the
 * exit code. Each command lives in `commands/` and imports its heavy modules only when it
 * runs, so `--help` stays fast.
 */
import { Chalk } from 'chalk';
import { Command, CommanderError } from 'commander';
import type { CliContext } from './cli-context.js';
import { registerClean } from './commands/clean.js';
import { registerGenerate } from './commands/generate.js';
import { registerGrade } from './commands/grade.js';
import { registerLint } from './commands/lint.js';
import { registerList } from './commands/list.js';
import { registerProgress } from './commands/progress.js';
import { registerRun } from './commands/run.js';
import { registerTest } from './commands/test.js';
import { registerTopo } from './commands/topo.js';
import { registerWhy } from './commands/why.js';
import { registerCheck } from './commands/check.js';
import { registerPractice } from './commands/practice.js';
import { registerServe } from './commands/serve.js';
import { openEarlySandbox } from './early-sandbox.js';
import { ExitCode } from './exit-codes.js';
import { handleError } from './handle-error.js';

const VERSION = '0.1.0';

/**
 * Runs the CLI with the given arguments (without `node` and the script) and sets the process's
 * exit code (0 passed, 1 failed, 2 bad scenario or usage, 3 environment, 129/130/143
 * interrupted, 70 internal error).
 */
export async function main(argv: string[]): Promise<void> {
  // First, so that the sandbox's processes start while everything below runs.
  const early = await openEarlySandbox(argv);
  let debug = argv.includes('--debug');
  const colorOff = argv.includes('--no-color') || 'NO_COLOR' in process.env;
  let exitCode: number = ExitCode.ok;
  // A closed terminal (EIO) or pipe (`nslab run ... | head`: EPIPE) must not crash a run before
  // its cleanup; the error arrives asynchronously, so the listener stays for the whole process.
  // stderr too: a warning or notice written after the terminal closed was an uncaught EIO, and
  // Node's fatal-error path then segfaulted while restoring the dead terminal (exit 139).
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const ctx: CliContext = { chalk: new Chalk(colorOff ? { level: 0 } : {}), setExitCode: (code) => (exitCode = code), takeEarlySandbox: early.take };
  const program = new Command()
    .name('nslab')
    .description('Run Markdown tutorials about Linux network emulation as labs that check themselves.')
    .version(VERSION)
    .option('--no-color', 'no colours in the output')
    .option('--debug', 'show stack traces of errors')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of [registerRun, registerLint, registerList, registerTest, registerGenerate, registerWhy, registerCheck, registerPractice, registerServe, registerClean, registerTopo, registerProgress, registerGrade]) register(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    } else {
      debug ||= program.opts().debug === true;
      exitCode = handleError(error, ctx.chalk, debug, (s) => process.stderr.write(s));
    }
  }
  await early.closeUntaken();
  process.exitCode = exitCode;
  if (exitCode === ExitCode.hangup && [process.stdin, process.stdout, process.stderr].some((s) => s.isTTY)) {
    // The terminal was closed. Node restores each terminal's mode as it exits, and aborts with
    // an assertion when that fails, as it does on a hung-up terminal (nodejs/node#51519, fixed
    // only in later Node releases). Dying of the SIGHUP itself skips that, and is what a shell
    // reports as 129 anyway.
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  }
}
