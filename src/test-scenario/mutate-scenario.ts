/**
 * `nslab test --mutate` for one scenario: runs it once per state-changing command with that
 * command left out, and asks whether anything noticed. A command whose removal changes no
 * outcome is one the scenario does not check: a student could skip it and still pass.
 */
import { unattendedController } from '../run/controller.js';
import type { StepResult } from '../run/events.js';
import { runScenario } from '../run/run-scenario.js';
import type { Scenario } from '../scenario/model.js';
import { listMutations, type Mutation } from './mutations.js';

/**
 * How a mutated run ended. `noticed`: a check or expectation of the mutated step or a later one
 * failed; `unchecked`: every step still passed; `inconclusive`: a step before the mutated
 * one failed, so the run says nothing about the command (a flaky step: it passed in the
 * normal test); `interrupted`: Ctrl-C or SIGTERM.
 */
export type MutationStatus = 'noticed' | 'unchecked' | 'inconclusive' | 'interrupted';

/** The outcome of one mutation. */
export interface MutationResult {
  mutation: Mutation;
  status: MutationStatus;
  /** The first failure of the run (`noticed`, `inconclusive`), e.g. `step 2: H1: link H1-eth0 exists`. */
  failure?: string;
  /** Wall time of the mutated run, sandbox included, in ms. */
  durationMs: number;
}

/** How to mutate a scenario. */
export interface MutateScenarioOptions {
  /** Receives each mutation's result as soon as it is known. */
  onResult?: (result: MutationResult) => void;
  /** Abort to interrupt: the running mutation stops (its cleanup runs) and no other starts. */
  signal?: AbortSignal;
}

/** `step 3: H1: link H1-eth0 is up`, or for a command: `step 3, line 60: "ip ..." expected exit status 0`. */
export function describeFailure(result: StepResult): string {
  const n = result.step.number;
  for (const outcome of result.commands) {
    const failure = outcome.failures[0];
    if (failure) return `step ${n}, line ${outcome.command.line}: "${firstLine(outcome.command.text)}" expected ${failure.expected}`;
  }
  const check = result.checks.find((c) => !c.passed);
  return check ? `step ${n}: ${check.expected}` : `step ${n} failed`;
}

/** A command's first line, with ` ...` when it has more. */
export function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text : text.slice(0, newline) + ' ...';
}

/**
 * Runs the scenario with one command left out, in a fresh private sandbox: the steps before
 * the mutated one fast-forwarded, no precheck (the normal test did that), and the run stops
 * at its first failure — one is enough to notice the mutation.
 * @throws EnvironmentError as `runScenario` does
 */
export async function runMutation(scenario: Scenario, mutation: Mutation, signal?: AbortSignal): Promise<MutationResult> {
  const started = Date.now();
  const run = await runScenario(scenario, {
    from: mutation.step.number,
    skip: { step: mutation.step.number, command: mutation.index, ...(mutation.instead !== undefined && { instead: mutation.instead }) },
    controller: unattendedController,
    failFast: true,
    signal,
  });
  const durationMs = Date.now() - started;
  if (run.status === 'interrupted') return { mutation, status: 'interrupted', durationMs };
  const failed = run.steps.find((s) => s.status === 'failed');
  if (!failed) return { mutation, status: 'unchecked', durationMs };
  const status = failed.step.number < mutation.step.number ? 'inconclusive' : 'noticed';
  return { mutation, status, failure: describeFailure(failed), durationMs };
}

/**
 * Runs every mutation of the scenario (see `listMutations`), one after another — each a
 * whole sandbox, so that results do not depend on timing between them.
 * @returns one result per mutation, in run order; ends early with an `interrupted` one
 * @throws EnvironmentError as `runScenario` does
 */
export async function mutateScenario(scenario: Scenario, options: MutateScenarioOptions = {}): Promise<MutationResult[]> {
  const results: MutationResult[] = [];
  for (const mutation of listMutations(scenario)) {
    const result = await runMutation(scenario, mutation, options.signal);
    results.push(result);
    options.onResult?.(result);
    if (result.status === 'interrupted') break;
  }
  return results;
}
