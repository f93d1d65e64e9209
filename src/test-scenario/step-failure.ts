/**
 * Why a step failed, in plain text for people and for JUnit reports: the vacuous checks, the
 * command that missed its expectation, the checks that did not hold.
 */
import type { StepResult } from '../run/events.js';
import { describeStateChange } from '../run/precheck.js';

/** One reason a step failed. */
export interface FailureReason {
  /** One line, e.g. `step 8 "Turn on forwarding": checks already hold before the step runs`. */
  message: string;
  /** Further lines: what was expected and found, where in the file. */
  details: string[];
}

/**
 * Lists why a step failed, in the order they happened.
 * @param result a step's result (an empty list for a step that did not fail)
 * @param file the scenario's path, to give every reason a `FILE:LINE` an editor can open
 */
export function stepFailureReasons(result: StepResult, file: string): FailureReason[] {
  if (result.status !== 'failed') return [];
  const { step } = result;
  const reasons: FailureReason[] = [];
  if (result.changedState) {
    reasons.push({
      message: `${file}:${result.changedState.check.line}: ${describeStateChange(result.changedState)}`,
      details: result.changedState.changes,
    });
  }
  if (result.vacuous) {
    reasons.push({
      message: `step ${step.number} "${step.title}": checks already hold before the step runs`,
      details: (result.precheck ?? []).map((r) => `${file}:${r.check.line}: held before the step: ${r.expected}`),
    });
  }
  for (const outcome of result.commands) {
    for (const failure of outcome.failures) {
      reasons.push({
        message: `${file}:${outcome.command.line}: $ ${firstLine(outcome.command.text)}: expected ${failure.expected}`,
        details: [`found ${failure.found}`, ...(failure.diff ? [failure.diff] : [])],
      });
    }
  }
  for (const check of result.checks) {
    if (!check.passed) {
      reasons.push({ message: `${file}:${check.check.line}: check failed: ${check.expected}`, details: [`found ${check.found}`] });
    }
  }
  return reasons;
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text : text.slice(0, newline) + ' ...';
}
