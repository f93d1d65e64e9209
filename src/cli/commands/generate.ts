/**
 * `nslab generate chain N`: writes a generated scenario to stdout.
 */
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../../util/errors.js';
import { wholeNumberArgument } from '../../util/whole-number.js';

/** Registers `nslab generate`. */
export const registerGenerate: RegisterCommand = (program, ctx) => {
  program
    .command('generate')
    .description('write a generated scenario to stdout: `chain N` is N routers between two hosts')
    .argument('<topology>', 'chain')
    .argument('<n>', 'number of routers')
    .action(async (topology: string, n: string) => {
      if (topology !== 'chain') throw new UsageError(`unknown topology "${topology}": nslab generates "chain"`);
      const { chainScenario, MAX_CHAIN } = await import('../../generate/chain-scenario.js');
      process.stdout.write(chainScenario(wholeNumberArgument(n, 'the number of routers in a chain', 1, MAX_CHAIN)));
      ctx.setExitCode(ExitCode.ok);
    });
};
