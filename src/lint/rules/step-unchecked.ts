/**
 * `step-unchecked`: a step nothing verifies. Without a check and without an expected outcome
 * beyond "exit 0", a lab cannot tell a student that the step did what it should, and
 * `nslab test` has nothing to test.
 */
import { hasExpectation } from '../../scenario/has-expectation.js';
import type { Block, Step } from '../../scenario/model.js';
import type { Rule } from '../model.js';
import { soleNorunBlock } from './norun-only.js';

/** The `step-unchecked` warning rule (see the module comment). */
export const stepUncheckedRule: Rule = {
  name: 'step-unchecked',
  summary: 'a step with no check and no expected outcome',
  check({ scenario }) {
    return scenario.steps
      // A step whose only block is `norun` is norun-only's to report: one mistake, one message.
      .filter((step) => !isVerified(step) && !soleNorunBlock(step))
      .map((step) => ({
        line: step.line, column: 1, rule: 'step-unchecked',
        message: `step ${step.number} "${step.title}" has no check and no expected outcome: nothing verifies it`,
      }));
  },
};

/** True when some check or expectation of the step can fail. */
function isVerified(step: Step): boolean {
  return step.blocks.some(verifies);
}

function verifies(block: Block): boolean {
  switch (block.kind) {
    case 'check':
      return block.checks.length > 0;
    case 'run':
      return !block.norun && hasExpectation(block);
    case 'transcript':
      return !block.norun && (hasExpectation(block) || block.entries.some((e) => e.expected.length > 0 || e.exitStatus !== undefined));
    // A step script only has to end without an error, as a `sh` block only has to exit 0: a
    // `zx {check}` block (a check block) is what verifies.
    case 'zx':
    case 'shown':
      return false;
  }
}
