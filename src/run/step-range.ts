/**
 * Which steps a run covers: `--from`, `--to` and `--step` name a step by number or by id, and
 * become a range of step numbers for `runScenario`.
 */
import type { Scenario } from '../scenario/model.js';
import { didYouMean } from '../util/closest.js';
import { UsageError } from '../util/errors.js';

/** Steps as the command line names them: a number (`7`) or an id (`turn-on-forwarding`). */
export interface StepSelection {
  from?: string;
  to?: string;
  /** Both `from` and `to`; not allowed with either. */
  step?: string;
}

/** A range of step numbers, both ends included. */
export interface StepRange {
  from: number;
  to: number;
}

/**
 * Finds a step by number or id. A number wins over an id that looks like one: `--from 3` means
 * step 3 even if some heading's slug is `3` (rare, and `--from` is mostly used with numbers).
 * @returns the step's number
 * @throws UsageError naming the valid numbers and ids (with a near miss suggested)
 */
export function resolveStep(scenario: Scenario, name: string, option: string): number {
  const total = scenario.steps.length;
  const text = name.trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n >= 1 && n <= total) return n;
  }
  const byId = scenario.steps.find((s) => s.id === text);
  if (byId) return byId.number;
  const ids = scenario.steps.map((s) => s.id);
  const list = scenario.steps.map((s) => `  ${s.number}  ${s.id}`).join('\n');
  throw new UsageError(
    `${option} ${name}: ${scenario.file} has no such step${didYouMean(text, ids)}\n` +
      `give a step number from 1 to ${total} or one of these ids:\n${list}`,
  );
}

/**
 * Turns `--from`/`--to`/`--step` into a range of step numbers.
 * @returns the range; without options, every step (1 to the number of steps)
 * @throws UsageError for an unknown step, `--step` combined with `--from` or `--to`, or a
 *   `--from` after the `--to`
 */
export function resolveStepRange(scenario: Scenario, selection: StepSelection): StepRange {
  if (selection.step !== undefined && (selection.from !== undefined || selection.to !== undefined)) {
    throw new UsageError('--step is --from and --to at once: give either --step or --from/--to');
  }
  const fromName = selection.step ?? selection.from;
  const toName = selection.step ?? selection.to;
  const option = selection.step !== undefined ? '--step' : undefined;
  const from = fromName === undefined ? 1 : resolveStep(scenario, fromName, option ?? '--from');
  const to = toName === undefined ? scenario.steps.length : resolveStep(scenario, toName, option ?? '--to');
  if (from > to) {
    throw new UsageError(`--from ${fromName} is step ${from}, after --to ${toName} (step ${to}): nothing would run`);
  }
  return { from, to };
}
