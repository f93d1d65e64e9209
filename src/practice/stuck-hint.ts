/**
 * What `hint` answers when a step has no written hint (left): from a full verification of the
 * step, the first check or probe that does not hold, what was found, the cause `why` found for
 * a ping, and a command that shows the state it is about — never just "no hints".
 */
import { checksOf } from '../run/run-step.js';
import type { Scenario, Step } from '../scenario/model.js';
import type { StepVerification, VerificationItem } from '../verify/outcome.js';
import { lookCommand, rulesToolOf } from './look-command.js';

/** The answer, by case. */
export type StuckHint =
  /** A reading step: nothing to check (`next` completes it). */
  | { kind: 'reading' }
  /** Everything the step verifies holds now. */
  | { kind: 'holds' }
  /**
   * `item`: the first check or probe that does not hold (its `found` and `diagnosis` in it);
   * `look`: a command that shows what it is about; `others`: how many more do not hold.
   */
  | { kind: 'missing'; item: VerificationItem; look?: string; others: number };

/**
 * Builds the answer.
 * @param step the current step
 * @param verification its verification now, in full (every item, with diagnoses); undefined
 *   for a reading step
 * @param scenario the scenario (its services say whether bridges are Open vSwitch ones)
 */
export function stuckHint(step: Step, verification: StepVerification | undefined, scenario: Scenario): StuckHint {
  if (!verification) return { kind: 'reading' };
  const failing = verification.items.filter((i) => !i.passed);
  const [item] = failing;
  if (!item) return { kind: 'holds' };
  const check = item.source === 'check' ? checksOf(step).find((c) => c.line === item.line) : undefined;
  const rules = rulesToolOf(scenario.steps.filter((s) => s.number <= step.number));
  const look = check ? lookCommand(check, scenario.meta.services.includes('openvswitch'), rules) : item.diagnosis ? undefined : item.text;
  return { kind: 'missing', item, ...(look !== undefined && { look }), others: failing.length - 1 };
}
