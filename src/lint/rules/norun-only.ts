/**
 * `norun-only`: a step whose one block that could run is marked `norun`. The step then runs
 * nothing, which is seldom what its author meant: `norun` is for an aside next to commands
 * that do run (an alternative syntax, a command that would wait forever).
 */
import type { Block, Step } from '../../scenario/model.js';
import type { Rule } from '../model.js';

/** The `norun-only` warning rule (see the module comment). */
export const norunOnlyRule: Rule = {
  name: 'norun-only',
  summary: 'a `norun` block that is the only block of its step',
  check({ scenario }) {
    return scenario.steps.flatMap((step) => {
      const only = soleNorunBlock(step);
      if (!only) return [];
      return [{
        line: only.line, column: 1, rule: 'norun-only',
        message: `the norun block on line ${only.line} is the only block of step ${step.number} "${step.title}": the step runs nothing (remove norun, or add the commands the step runs)`,
      }];
    });
  },
};

/**
 * The step's `norun` block when it is the only block of the step that is not merely shown
 * (`text` diagrams and output samples run nothing either way).
 * @returns the block, or undefined when the step has other blocks or none is `norun`.
 */
export function soleNorunBlock(step: Step): Block | undefined {
  const acting = step.blocks.filter((b) => b.kind !== 'shown');
  const only = acting.length === 1 ? acting[0] : undefined;
  return only && only.kind !== 'check' && only.norun ? only : undefined;
}
