/**
 * How `nslab test` goes on after a failing step: it reports every problem of a scenario in one
 * run, so it continues past a step whose checks failed (or were vacuous) — the state is still
 * what the commands made it. A command that missed its expectation leaves the state unknown:
 * later steps would fail for no reason of their own, so the run stops there.
 */
import type { Controller } from '../run/controller.js';
import type { StepResult } from '../run/events.js';

/** True when one of the step's commands did not meet its expectations. */
export function commandFailed(result: StepResult): boolean {
  return result.commands.some((c) => c.failures.length > 0);
}

/** Never pauses; after a failure, continues unless a command failed. */
export const testController: Controller = {
  beforeStep: async () => 'run',
  afterFailure: async (result) => (commandFailed(result) ? 'quit' : 'continue'),
};
