/**
 * `nslab test` for one scenario: a run without prompts in which every step's checks must fail
 * before the step and hold after it, every expectation must be met, and — on the host — the
 * cleanup must leave nothing behind.
 */
import type { RunListener, RunResult } from '../run/events.js';
import { runScenario } from '../run/run-scenario.js';
import type { Scenario } from '../scenario/model.js';
import { describeObject } from '../state/host-objects.js';
import { testController } from './test-controller.js';

/** How to test a scenario. */
export interface TestScenarioOptions {
  /** Test on the host (root) instead of a fresh private sandbox; also checks for leftovers. */
  host?: boolean;
  /** Receives every run event (with `precheck-end` before each step's commands). */
  onEvent?: RunListener;
  /** Abort to interrupt: the running command is stopped and cleanup runs. */
  signal?: AbortSignal;
  /** Abort to cut the cleanup short (see `runScenario`). */
  cleanupSignal?: AbortSignal;
  /** Emit `step-state` events (see `runScenario`'s `watchState`): for an HTML report. */
  watchState?: boolean;
}

/** How one scenario's test ended. */
export type ScenarioTestStatus = 'passed' | 'failed' | 'interrupted';

/** The result of testing one scenario. */
export interface ScenarioTestResult {
  scenario: Scenario;
  status: ScenarioTestStatus;
  /** Tested on the host (`--host`), where leftovers are looked for. */
  host: boolean;
  /** The run, each step's precheck included. */
  run: RunResult;
  /**
   * `--host` only: what the run created and its cleanup left (nslab then removed it, or failed
   * to), e.g. `namespace H1`, `link H1-eth0`, `bridge s`. Any makes the test fail.
   */
  leftovers: string[];
  /** When the test started. */
  startedAt: Date;
  /** Wall time, in ms, the leftover check included. */
  durationMs: number;
}

/**
 * Tests one scenario end to end: runs every step with a precheck (see `runScenario`'s
 * `precheck`), goes on after a step whose checks failed so that one run reports every
 * problem, and stops after a command that missed its expectation (the later steps are then
 * `not-run`).
 * @returns the result; `failed` when a step failed or, with `host`, something was left behind
 * @throws EnvironmentError as `runScenario` does (missing program, no privilege, no OVS)
 */
export async function testScenario(scenario: Scenario, options: TestScenarioOptions = {}): Promise<ScenarioTestResult> {
  const startedAt = new Date();
  const run = await runScenario(scenario, {
    host: options.host,
    precheck: true,
    controller: testController,
    onEvent: options.onEvent,
    signal: options.signal,
    cleanupSignal: options.cleanupSignal,
    watchState: options.watchState,
  });
  // Only --host can leave anything (a private sandbox takes everything with it when it
  // closes): what the run created and nslab had to remove after the cleanup, or could not.
  const left = (run.host?.outcomes ?? []).filter((o) => o.outcome === 'removed' || o.outcome === 'failed').map((o) => describeObject(o.object));
  const status: ScenarioTestStatus =
    run.status === 'interrupted' ? 'interrupted' : run.status === 'passed' && left.length === 0 ? 'passed' : 'failed';
  return { scenario, status, host: options.host === true, run, leftovers: left, startedAt, durationMs: Date.now() - startedAt.getTime() };
}
