/**
 * Runs a whole scenario: checks the machine, opens the sandbox (or uses the host), starts the
 * scenario's services, runs the steps as the controller decides, and always runs `cleanup` and
 * closes the sandbox, after a failure and on interrupt too.
 */
import { startHostRun, type HostRunTracker } from '../host-mode/track-host-run.js';
import type { Scenario, Step } from '../scenario/model.js';
import { openHostSandbox } from '../sandbox/host-sandbox.js';
import { assertHostOpenVswitch, startOpenVswitch } from '../sandbox/openvswitch.js';
import { closeOpening } from '../sandbox/close-opening.js';
import { openPrivateSandbox } from '../sandbox/private-sandbox.js';
import type { CommandResult, Sandbox, ShellSession } from '../sandbox/types.js';
import { EnvironmentError, InterruptedError } from '../util/errors.js';
import { assertKernelFeatures, describeMissing, featureLackedBy } from '../kernel/missing-features.js';
import { readNetworkState } from '../topology/network-state.js';
import { unattendedController, type Controller, type LiveView } from './controller.js';
import type { RunListener, RunResult, RunStatus, StepResult } from './events.js';
import { assertProgramsInstalled } from './find-missing-programs.js';
import { BackgroundLedger } from './background-ledger.js';
import { runStep, type StepContext } from './run-step.js';
import { createStateWatcher, type StateWatcher } from './state-watcher.js';
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
   * Abort to cut the scenario's `cleanup` short (the CLI does on a Ctrl-C once cleanup has run
   * 5 s). In host mode nothing is then removed and the run's record is kept for `nslab clean`.
   */
  cleanupSignal?: AbortSignal;
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
  skip?: { step: number; command: number; instead?: string };
  /**
   * A failed check ends its step at once, the step's other checks not evaluated (with a
   * controller that quits after a failure, the run ends at its first failure): for runs that
   * only ask whether anything fails, such as `nslab test --mutate`'s.
   */
  failFast?: boolean;
  /**
   * `run --show-topology` / `--show-changes`: read the state before the first step run in full
   * and after every attempt of a step, and emit each pair as a `step-state` event. Off by
   * default: a run without it reads nothing more.
   */
  watchState?: boolean;
  /**
   * Called once after the last step, before `cleanup`, with the sandbox still open and the
   * emulation as the steps left it (`nslab topo FILE` draws it there). Not called when the run
   * was interrupted. An exception it throws ends the run (cleanup still runs).
   */
  inspect?: (sandbox: Sandbox) => Promise<void>;
  /**
   * A private sandbox already being opened (`openPrivateSandbox()`), used instead of opening
   * one: the CLI starts it while it reads the scenario, which overlaps `unshare` and the mounts
   * with parsing (docs/performance.md). runScenario owns it from the call on and
   * closes it in every case, also when it throws before step 1. Not for `host` runs. If it
   * rejects with InterruptedError (the caller gave it up at an interrupt: see
   * sandbox/opening.ts), the run ends as interrupted with no step run.
   */
  privateSandbox?: Promise<Sandbox>;
}

/** The result of a run interrupted before its sandbox was open: every step not run. */
function interruptedBeforeStart(scenario: Scenario, emit: RunListener, started: number): RunResult {
  const result: RunResult = { scenario, status: 'interrupted', steps: scenario.steps.map(notRun), durationMs: Date.now() - started };
  emit({ kind: 'run-end', result });
  return result;
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

/**
 * Opens the sandbox a scenario runs in, with its services started.
 * @param host the host itself (`--host`) instead of a private sandbox
 * @param opening a private sandbox already being opened, to use instead of opening one
 * @param signal gives up a private sandbox this call opens while it is still opening, and
 *   stops the start of its services
 * @throws InterruptedError when `signal` gave the opening or a service's start up
 * @throws EnvironmentError when the sandbox cannot be made or a service cannot start (the
 *   sandbox is closed again first)
 */
export async function openSandbox(scenario: Scenario, host: boolean, opening?: Promise<Sandbox>, signal?: AbortSignal): Promise<Sandbox> {
  const sandbox = await (opening ?? (host ? openHostSandbox() : openPrivateSandbox({ signal })));
  try {
    if (scenario.meta.services.includes('openvswitch')) {
      if (host) await assertHostOpenVswitch(sandbox);
      else await startOpenVswitch(sandbox, signal);
    }
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  return sandbox;
}

async function runCleanup(scenario: Scenario, sandbox: Sandbox, emit: RunListener, signal?: AbortSignal): Promise<CommandResult | undefined> {
  const script = scenario.meta.cleanup;
  if (script === undefined) return undefined;
  emit({ kind: 'cleanup-start' });
  // A fresh bash, not the session: cleanup must work even when the session's shell is wedged.
  const result = await sandbox.exec(['bash', '-c', script], { timeoutMs: scenario.meta.timeoutMs, signal });
  emit({ kind: 'cleanup-end', result });
  return result;
}

type Stop = 'none' | 'quit' | 'interrupted';

/**
 * A step whose command failed because the kernel lacks a feature (no netem, no 802.1Q) did not
 * fail through the scenario's fault or the student's: the run ends as an environment problem.
 * @throws EnvironmentError naming the step, the command and the missing feature
 */
function throwIfKernelLacked(file: string, result: StepResult): void {
  const failed = result.commands.find((c) => c.failures.length > 0);
  if (!failed) return;
  const lacked = featureLackedBy(failed.command.text, failed.result.output);
  if (!lacked) return;
  throw new EnvironmentError(
    `${file}:${failed.command.line}: step ${result.step.number}, \`${failed.command.text}\`, needs a kernel feature this machine lacks:\n${describeMissing([lacked])}`,
  );
}

/** Runs a step, and, for as long as the controller answers Retry after a failure, again from where it failed. */
async function attemptStep(
  file: string,
  step: Step,
  total: number,
  ctx: StepContext,
  controller: Controller,
  watcher: StateWatcher | undefined,
  live: LiveView,
): Promise<{ result: StepResult; stop: Stop }> {
  let resumeAt = 0;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) ctx.emit({ kind: 'step-start', step, total, attempt, fastForward: ctx.fastForward });
    const result = await runStep(step, attempt, ctx, resumeAt);
    resumeAt = result.resumeAt;
    throwIfKernelLacked(file, result);
    if (ctx.signal?.aborted) return { result, stop: 'interrupted' };
    await watcher?.after(step);
    if (result.status === 'passed') return { result, stop: 'none' };
    const next = await askOrInterrupt(() => controller.afterFailure(result, live), ctx.signal);
    if (next === 'retry') continue;
    return { result, stop: next === 'continue' ? 'none' : next };
  }
}

/**
 * Runs the scenario from step 1 (fast-forwarding up to `options.from`) to `options.to`.
 * @returns the structured result: per step its commands, expectations and checks; status
 *   'interrupted' with every step not run when `options.signal` fired while the private sandbox
 *   was still opening (it is then given up, not waited for)
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
  if (options.privateSandbox && host) throw new TypeError('runScenario: privateSandbox cannot be used with host');
  let range: { from: number; to: number };
  try {
    range = stepRange(scenario, options);
  } catch (error) {
    await closeOpening(options.privateSandbox);
    throw error;
  }
  const { from, to } = range;

  // Both take a few ms of waiting on other processes: overlap them. A missing program is the
  // better explanation when both fail (e.g. no unshare), so its error wins.
  const machineCanRun = assertProgramsInstalled(scenario, host).then(() => assertKernelFeatures(scenario.file, scenario.meta.kernel));
  const [programs, opened] = await Promise.allSettled([machineCanRun, openSandbox(scenario, host, options.privateSandbox, signal)]);
  if (programs.status === 'rejected') {
    if (opened.status === 'fulfilled') await opened.value.close();
    throw programs.reason;
  }
  if (opened.status === 'rejected') {
    // An interrupt while the sandbox was opening gave it up: nothing ran, nothing to clean up.
    if (opened.reason instanceof InterruptedError) return interruptedBeforeStart(scenario, emit, started);
    throw opened.reason;
  }
  const sandbox = opened.value;
  let hostRun: HostRunTracker | undefined;
  try {
    // Before anything runs, the cleanup included: refuses names the host already has.
    if (host) hostRun = await startHostRun(scenario, { exec: sandbox.exec, to, warn: (message) => emit({ kind: 'warning', message }) });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const tracked = <T>(phase: number | 'cleanup', work: () => Promise<T>): Promise<T> => (hostRun ? hostRun.track(phase, work) : work());
  let shell: ShellSession | undefined;
  const onAbort = () => shell?.interrupt();
  signal?.addEventListener('abort', onAbort, { once: true });
  const steps: StepResult[] = [];
  let status: RunStatus = 'passed';
  let cleanup: CommandResult | undefined;
  let hostEnd: RunResult['host'];
  try {
    shell = await sandbox.openShell();
    emit({ kind: 'run-start', scenario, sandbox: sandbox.kind, from, to });
    const ctx: StepContext = { sandbox, shell, emit, defaultTimeoutMs: scenario.meta.timeoutMs, signal, interrupt: forward, background: new BackgroundLedger() };
    const watcher = options.watchState ? createStateWatcher(sandbox.exec, emit) : undefined;
    const live: LiveView = { readState: () => readNetworkState(sandbox) };
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
      const choice = await askOrInterrupt(() => stepController.beforeStep(step, total, live), signal);
      if (choice === 'quit' || choice === 'interrupted') {
        stop = choice;
        break;
      }
      if (choice === 'skip') {
        emit({ kind: 'step-skipped', step });
        steps.push({ ...notRun(step), status: 'skipped' });
        continue;
      }
      const skip = options.skip?.step === step.number ? options.skip : undefined;
      const stepCtx: StepContext = {
        ...ctx,
        precheck: options.precheck === true && !fastForward,
        fastForward,
        skipCommand: skip?.command,
        ...(skip?.instead !== undefined && { skipInstead: skip.instead }),
        failFast: options.failFast,
        controller: stepController,
      };
      // The state before a fast-forwarded step is nobody's concern: only full steps are watched.
      const stepWatcher = fastForward ? undefined : watcher;
      await stepWatcher?.before();
      const attempted = await tracked(step.number, () => attemptStep(scenario.file, step, total, stepCtx, stepController, stepWatcher, live));
      steps.push(attempted.result);
      failed ||= attempted.result.status === 'failed';
      stop = attempted.stop;
    }
    status = stop === 'interrupted' ? 'interrupted' : failed ? 'failed' : stop === 'quit' ? 'quit' : 'passed';
    if (status !== 'interrupted') await options.inspect?.(sandbox);
  } finally {
    signal.removeEventListener('abort', onAbort);
    options.signal?.removeEventListener('abort', forward);
    try {
      await shell?.close();
      cleanup = await tracked('cleanup', () => runCleanup(scenario, sandbox, emit, options.cleanupSignal));
      if (hostRun) {
        hostEnd = options.cleanupSignal?.aborted ? hostRun.abandon() : await hostRun.finish();
        emit({ kind: 'host-leftovers', ...hostEnd });
      }
    } finally {
      await sandbox.close();
    }
  }
  for (const step of scenario.steps.slice(steps.length)) steps.push(notRun(step));
  const result: RunResult = { scenario, status, steps, cleanup, ...(hostEnd && { host: hostEnd }), durationMs: Date.now() - started };
  emit({ kind: 'run-end', result });
  return result;
}
