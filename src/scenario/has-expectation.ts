import type { BlockOptions } from './model.js';

/**
 * True when the block's attributes ask more than the default "exits 0" (`exit=`, `output=`,
 * `no-output=`, `match=`): something about the block can fail. Lint's `step-unchecked`, the
 * probes of `nslab check` and `nslab test`'s mutations ask it.
 */
export function hasExpectation(block: BlockOptions): boolean {
  const { exit, output, noOutput, match } = block.expect;
  return !(exit.kind === 'code' && exit.code === 0) || output !== undefined || noOutput !== undefined || match !== undefined;
}
