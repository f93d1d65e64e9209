/**
 * Runs a whole scenario: checks the machine, opens the sandbox (or uses the host), starts the
 * scenario's services, runs the steps as the controller decides, and always runs `cleanup` and
 * closes the sandbox, after a failure and on interrupt too.
 */
import type { Scenario, Step } from '../scenario/model.js';
import { openHostSandbox } from '../sandbox/host-sandbox.js';
import { assertHostOpenVswitch, startOpenVswitch } from '../sandbox/openvswitch.js';
import { openPrivateSandbox } from '../sandbox/private-sandbox.js';
import type { CommandResult, Sandbox, ShellSession } from '../sandbox/types.js';
import { unattendedController, type Controller } from './controller.js';
import type { RunListener, RunResult, RunStatus, StepResult } from './events.js';
import { assertProgramsInstalled } from './find-missing-programs.js';
import { runStep, type StepContext } from './run-step.js';
import { askOrInterrupt } from './ask-or-interrupt.js';

/** How to run a scenario. */
export interface RunScenarioOptions {
  /** Run on the host, as the tutorial itself does (root), instead of a private sandbox. */
  host?: boolean;
  /** Decides before each step and after a failure; default: run all, stop at the first failure. */
  controller?: Controller;
  /** Receives every run event. */
  onEvent?: RunListener;
  /** Abort to interrupt: the running command is stopped, cleanup runs, status is `interrupted`. */
  signal?: AbortSignal;
  /**
   * `nslab test`: evaluate each step's checks before its commands too; a step whose checks all
   * hold already is `failed` (vacuous), though it still runs so that later steps find their state.
   */
  precheck?: boolean;
  /**
   * Fast-forward: steps before this number run unasked (no controller, no precheck, events
   * marked `fastForward`); the first failing one stops the run. Default 1.
   */
  from?: number;
  /** Last step to run; the ones after it are `not-run` and the run can still pass. Default: the last step. */
  to?: number;
  /**
   * `nslab test --mutate`: leave out one command — the `command`-th (from 0, in the step's
   * command order, as `resumeAt` counts) of step number `step` — emitting `command-skipped`
   * in its place. The rest of the run is unchanged.
   */
  skip?: { step: number; command: number };
  /**
   * A failed check ends its step at once, the step's other checks not evaluated (with a
   * controller that quits after a failure, the run ends at its first failure): for runs that
   * only ask whether anything fails, such as `nslab test --mutate`'s.
   */
  failFast?: boolean;
}

function notRun(step: Step): StepResult {
  return { step, status: 'not-run', commands: [], checks: [], vacuous: false, fastForwarded: false, durationMs: 0, attempts: 0, resumeAt: 0 };
}

/** The range of steps to run, checked against the scenario (the CLI resolves names first). */
function stepRange(scenario: Scenario, options: RunScenarioOptions): { from: number; to: number } {
  const total = scenario.steps.length;
  const from = options.from ?? 1;
  const to = options.to ?? total;
  // A scenario without steps runs (and passes) as before when no range is asked for.
  if (options.from === undefined && options.to === undefined) return { from, to };
  const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= total;
  if (!valid(from) || !valid(to) || from > to) {
    throw new RangeError(`steps ${from} to ${to}: ${scenario.file} has steps 1 to ${total}`);
  }
  return { from, to };
}

async function openSandbox(scenario: Scenario, host: boolean): Promise<Sandbox> {
  const sandbox = host ? await openHostSandbox() : await openPrivateSandbox();
  try {
    if (scenario.meta.services.includes('openvswitch')) {
      if (host) await assertHostOpenVswitch(sandbox);
      else await startOpenVswitch(sandbox);
    }
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  return sandbox;
}

async function runCleanup(scenario: Scenario, sandbox: Sandbox, emit: RunListener): Promise<CommandResult | undefined> {
  const script = scenario.meta.cleanup;
  if (script === undefined) return undefined;
  emit({ kind: 'cleanup-start' });
  // A fresh bash, not the session: cleanup must work even when the session's shell is wedged.
  const result = await sandbox.exec(['bash', '-c', script], { timeoutMs: scenario.meta.timeoutMs });
  emit({ kind: 'cleanup-end', result });
  return result;
}

type Stop = 'none' | 'quit' | 'interrupted';

/** Runs a step, and, for as long as the controller answers Retry after a failure, again from where it failed. */
async function attemptStep(
  step: Step,
  total: number,
  ctx: StepContext,
  controller: Controller,
): Promise<{ result: StepResult; stop: Stop }> {
  let resumeAt = 0;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) ctx.emit({ kind: 'step-start', step, total, attempt, fastForward: ctx.fastForward });
    const result = await runStep(step, attempt, ctx, resumeAt);
    resumeAt = result.resumeAt;
    if (ctx.signal?.aborted) return { result, stop: 'interrupted' };
    if (result.status === 'passed') return { result, stop: 'none' };
    const next = await askOrInterrupt(() => controller.afterFailure(result), ctx.signal);
    if (next === 'retry') continue;
    return { result, stop: next === 'continue' ? 'none' : next };
  }
}

/**
 * Runs the scenario from step 1 (fast-forwarding up to `options.from`) to `options.to`.
 * @returns the structured result: per step its commands, expectations and checks
 * @throws EnvironmentError when a program is missing, the sandbox cannot be made or a service
 *   cannot start — before any step ran
 * @throws RangeError when `from`/`to` are not step numbers of the scenario, or `from > to`
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const host = options.host ?? false;
  const controller = options.controller ?? unattendedController;
  const emit: RunListener = options.onEvent ?? (() => {});
  // The run's own abort: the caller's signal, or a prompt cancelled with Ctrl-C (raw mode
  // swallows the SIGINT) during a step, which must stop the run the same way.
  const abort = new AbortController();
  const signal = abort.signal;
  const forward = () => abort.abort();
  if (options.signal?.aborted) abort.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  const { from, to } = stepRange(scenario, options);

  // Both take a few ms of waiting on other processes: overlap them. A missing program is the
  // better explanation when both fail (e.g. no unshare), so its error wins.
  const [programs, opened] = await Promise.allSettled([assertProgramsInstalled(scenario, host), openSandbox(scenario, host)]);
  if (programs.status === 'rejected') {
    if (opened.status === 'fulfilled') await opened.value.close();
    throw programs.reason;
  }
  if (opened.status === 'rejected') throw opened.reason;
  const sandbox = opened.value;
  let shell: ShellSession | undefined;
  const onAbort = () => shell?.interrupt();
  signal?.addEventListener('abort', onAbort, { once: true });
  const steps: StepResult[] = [];
  let status: RunStatus = 'passed';
  let cleanup: CommandResult | undefined;
  try {
    shell = await sandbox.openShell();
    emit({ kind: 'run-start', scenario, sandbox: sandbox.kind, from, to });
    const ctx: StepContext = { sandbox, shell, emit, defaultTimeoutMs: scenario.meta.timeoutMs, signal, interrupt: forward };
    const total = scenario.steps.length;
    let failed = false;
    let stop: 'none' | 'quit' | 'interrupted' = 'none';
    for (const step of scenario.steps) {
      stop = signal?.aborted ? 'interrupted' : stop;
      if (stop !== 'none' || step.number > to) break;
      const fastForward = step.number < from;
      emit({ kind: 'step-start', step, total, attempt: 1, fastForward });
      // A fast-forwarded step is not the user's to decide on: it runs, and a failure ends the run.
      const stepController = fastForward ? unattendedController : controller;
      const choice = await askOrInterrupt(() => stepController.beforeStep(step, total), signal);
      if (choice === 'quit' || choice === 'interrupted') {
        stop = choice;
        break;
      }
      if (choice === 'skip') {
        emit({ kind: 'step-skipped', step });
        steps.push({ ...notRun(step), status: 'skipped' });
        continue;
      }
      const skipCommand = options.skip?.step === step.number ? options.skip.command : undefined;
      const stepCtx: StepContext = {
        ...ctx,
        precheck: options.precheck === true && !fastForward,
        fastForward,
        skipCommand,
        failFast: options.failFast,
        controller: stepController,
      };
      const attempted = await attemptStep(step, total, stepCtx, stepController);
      steps.push(attempted.result);
      failed ||= attempted.result.status === 'failed';
      stop = attempted.stop;
    }
    status = stop === 'interrupted' ? 'interrupted' : failed ? 'failed' : stop === 'quit' ? 'quit' : 'passed';
  } finally {
    signal.removeEventListener('abort', onAbort);
    options.signal?.removeEventListener('abort', forward);
    try {
      await shell?.close();
      cleanup = await runCleanup(scenario, sandbox, emit);
    } finally {
      await sandbox.close();
    }
  }
  for (const step of scenario.steps.slice(steps.length)) steps.push(notRun(step));
  const result: RunResult = { scenario, status, steps, cleanup, durationMs: Date.now() - started };
  emit({ kind: 'run-end', result });
  return result;
}
