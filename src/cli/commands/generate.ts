/**
 * `nslab generate chain N`: writes a generated scenario to stdout.
 */
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../../util/errors.js';

/** Registers `nslab generate`. */
export const registerGenerate: RegisterCommand = (program, ctx) => {
  program
    .command('generate')
    .description('write a generated scenario to stdout: `chain N` is N routers between two hosts')
    .argument('<topology>', 'chain')
    .argument('<n>', 'number of routers')
    .action(async (topology: string, n: string) => {
      if (topology !== 'chain') throw new UsageError(`unknown topology "${topology}": nslab generates "chain"`);
      const { chainScenario } = await import('../../generate/chain-scenario.js');
      // Number('') is 0 and Number('1e2') is 100: only plain digits are a count.
      process.stdout.write(chainScenario(/^\d+$/.test(n) ? Number(n) : Number.NaN));
      ctx.setExitCode(ExitCode.ok);
    });
};
