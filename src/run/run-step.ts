/**
 * Runs one step: its command blocks in order (each command shown, run and held to its block's
 * expectations; the step stops at the first that is not met), then its checks. For `nslab test`
 * its checks are also evaluated before the commands (the precheck).
 */
import { evaluateChecksInOrder } from '../check/evaluate-checks-in-order.js';
import type { CheckSession } from '../check/evaluate-context.js';
import type { Check, CheckResult } from '../check/model.js';
import { createStateReader, type StateReader } from '../state/state-reader.js';
import { isReadOnlyCommand } from '../shell/read-only.js';
import { isObservationStep } from './observation-step.js';
import { precheck, type PrecheckOutcome } from './precheck.js';
import { readSessionVariables } from './read-session-variables.js';
import type { Step } from '../scenario/model.js';
import type { BackgroundExit, Sandbox, ShellSession } from '../sandbox/types.js';
import type { CommandOutcome, RunEvent, RunListener, StepResult } from './events.js';
import { askOrInterrupt } from './ask-or-interrupt.js';
import type { BackgroundLedger } from './background-ledger.js';
import type { Controller } from './controller.js';
import { explainAhead, explainPing } from './explain-ping.js';
import { judgePrediction, predictionQuestion, whySentence, type PredictedOutcome, type PredictionQuestion } from './prediction.js';
import { evaluateExpectation } from './evaluate-expectation.js';
import { runCommand, type CommandJob } from './run-command.js';
import { isShellCommand, shellTextOf, stepCommands, type CommandBlock } from './step-commands.js';

/** What a step needs from the run around it. */
export interface StepContext {
  sandbox: Sandbox;
  shell: ShellSession;
  emit: RunListener;
  /** The scenario's default limit for one command, in ms. */
  defaultTimeoutMs: number;
  signal?: AbortSignal;
  /** `nslab test`: evaluate the step's checks before its commands, and fail it when they all hold already. */
  precheck?: boolean;
  /** The step runs as part of a fast-forward (recorded in its result). */
  fastForward?: boolean;
  /**
   * `nslab test --mutate`: the index, in the step's command order, of a command not to run
   * (a `command-skipped` event takes its place), to see whether anything notices it is missing.
   */
  skipCommand?: number;
  /** With `skipCommand`: a command run quietly in its place (a mutation's other sysctl value). */
  skipInstead?: string;
  /** Stop evaluating the step's checks at the first that fails (a mutated run needs only one failure). */
  failFast?: boolean;
  /** Asked before commands when it can (`beforeCommand`: demo; `predict`: predict mode). */
  controller?: Controller;
  /** Interrupts the whole run (a prompt cancelled with Ctrl-C): `signal` aborts. */
  interrupt?: () => void;
  /**
   * The run's `background` commands, shared by its steps: a check that fails for want of a
   * server names the one that exited, even when an earlier step started it.
   */
  background?: BackgroundLedger;
}

/** One command of a step, with the block it belongs to, ready to run. */
interface StepJob {
  block: CommandBlock;
  job: CommandJob;
}

/** The step's commands in order (see `stepCommands`), with their blocks' expectations and limits. */
function commandsOf(step: Step, defaultTimeoutMs: number): StepJob[] {
  return stepCommands(step).map(({ block, command, transcript, expect }) => ({
    block,
    job: { command, shellText: shellTextOf(block, command), transcript, expectation: expect, timeoutMs: block.timeoutMs ?? defaultTimeoutMs, retryMs: block.retryMs },
  }));
}

/**
 * Asks the controller for a prediction when the command is worth one.
 * @returns the question and answer; undefined when none was asked; `interrupted` after Ctrl-C
 */
async function askPrediction({ block, job }: StepJob, ctx: StepContext): Promise<{ question: PredictionQuestion; answer: PredictedOutcome } | undefined | 'interrupted'> {
  const predict = ctx.controller?.predict?.bind(ctx.controller);
  const question = predict && !block.background ? predictionQuestion(job.command, job.expectation) : undefined;
  if (!predict || !question) return undefined;
  const answer = await askOrInterrupt(() => predict(question), ctx.signal);
  return answer === 'interrupted' ? answer : { question, answer };
}

/** Waits for the controller's go (demo: the presenter's Enter); false when the run was interrupted meanwhile. */
async function awaitGo(step: Step, job: CommandJob, ctx: StepContext): Promise<boolean> {
  const before = ctx.controller?.beforeCommand?.bind(ctx.controller);
  if (!before) return true;
  const go = await askOrInterrupt(() => before(step, job.command), ctx.signal);
  return go !== 'interrupted';
}

/** What a command that never ran (interrupted at a prompt before it) reports. */
function notStarted(job: CommandJob): CommandOutcome {
  const result = { exitCode: null, output: '', timedOut: false, interrupted: true, durationMs: 0 };
  return { command: job.command, result, failures: evaluateExpectation(job.expectation, result), attempts: 0 };
}

/** A command being run: its outcome once it ran, and once its `why:` line (if any) is known and its end was reported. */
interface RunningCommand {
  ran: Promise<CommandOutcome>;
  finished: Promise<CommandOutcome>;
}

/**
 * Runs one command.
 * @param reader the reads a `why` under a failing ping may share: undefined when the command may
 *   change the state (then a diagnosis reads afresh)
 * @param betweenAttempts called in each pause of a `retry=` loop
 * @returns `ran` once the command ended (its outcome's `explanation` is set later, by the time
 *   `finished` resolves, after the `command-end` event)
 */
function runOne(item: StepJob, step: Step, ctx: StepContext, reader: StateReader | undefined, betweenAttempts?: () => Promise<void>): RunningCommand {
  let ran!: (outcome: CommandOutcome) => void;
  const ranPromise = new Promise<CommandOutcome>((resolve) => (ran = resolve));
  const finished = (async (): Promise<CommandOutcome> => {
    const { block, job } = item;
    const prediction = await askPrediction(item, ctx);
    ctx.emit({ kind: 'command-start', step, block, command: job.command, background: block.background });
    let outcome: CommandOutcome;
    const go = prediction !== 'interrupted' && (await awaitGo(step, job, ctx));
    if (!go) {
      // Ctrl-C at the question or at the demo's Enter: the command never runs, and the run ends.
      ctx.interrupt?.();
      outcome = notStarted(job);
      ran(outcome);
    } else if (block.background) {
      const started = Date.now();
      await ctx.shell.runBackground(job.command.text);
      ctx.background?.start(job.command.text, step.number);
      const result = { exitCode: 0, output: '', timedOut: false, durationMs: Date.now() - started };
      outcome = { command: job.command, result, failures: [], attempts: 1 };
      ran(outcome);
    } else {
      // Not ahead while fast-forwarding: nobody reads a passed step's reasons. Nor with retry=: the diagnosis of the first attempt would describe a state that changed.
      const ahead = ctx.fastForward || job.retryMs !== undefined || !isShellCommand(block) ? undefined : explainAhead(ctx.sandbox.exec, job.command.text, job.expectation, reader);
      outcome = await runCommand(ctx.shell, {
        ...job,
        signal: ctx.signal,
        ...(betweenAttempts && { betweenAttempts }),
        // Only the first attempt streams: a `retry=` loop would repeat the same output many times.
        onOutput: (chunk, attempt) => attempt === 1 && ctx.emit({ kind: 'command-output', chunk }),
      });
      ran(outcome);
      // With jobs of earlier commands still running, the state may have changed during the ping:
      // what was read ahead, or shared with earlier diagnoses, may be stale — read afresh.
      const stale = outcome.result.jobsRunning === true;
      if (stale) await ahead;
      // Fast-forwarding, only a ping that missed its expectation is explained: its step is then
      // shown in full, as the failure it is.
      const quiet = (ctx.fastForward && outcome.failures.length === 0) || !isShellCommand(block);
      const explanation = quiet ? undefined : await explainPing(ctx.sandbox.exec, job.command.text, outcome.result.exitCode, { timedOut: outcome.result.timedOut, ...(!stale && { ahead, reader }) });
      if (explanation) outcome.explanation = explanation;
      if (prediction) {
        outcome.prediction = judgePrediction(prediction.question, prediction.answer, outcome.result, whySentence(job.command, outcome.result, explanation));
      }
    }
    ctx.emit({ kind: 'command-end', step, outcome });
    return outcome;
  })();
  // A command that throws (the shell closed) rejects both.
  finished.catch(() => {});
  return { ran: Promise.race([ranPromise, finished]), finished };
}

/**
 * Whether a command may start while the `why:` line of the one before it is still being worked
 * out: nobody is asked anything before it (no demo's Enter, no prediction), and it cannot change
 * what that diagnosis reads (routes, addresses, sysctls, firewall rules: a read-only command,
 * such as the next ping of three, changes none). Saves the diagnosis's reads after a fast
 * failure ("Network is unreachable" fails much faster than its `why` reads the state;
 * (docs/performance.md, "Costs behind the code")).
 */
function mayOverlap({ block, job }: StepJob, ctx: StepContext): boolean {
  const asks = ctx.controller?.beforeCommand !== undefined || ctx.controller?.predict !== undefined;
  return !asks && !block.background && job.retryMs === undefined && isShellCommand(block) && isReadOnlyCommand(job.command.text);
}

/**
 * Delivers the events of commands that overlap in command order: a command's events wait until
 * every command before it has reported its end.
 * @param emit where the events go
 * @returns `open()`, one per command in order: its emitter, and `close()` once it reported its end
 */
function eventsInOrder(emit: RunListener): { open(): { emit: RunListener; close(): void } } {
  const slots: Array<{ held: RunEvent[]; closed: boolean }> = [];
  let head = 0;
  const drain = (): void => {
    while (head < slots.length) {
      const slot = slots[head]!;
      for (const event of slot.held.splice(0)) emit(event);
      if (!slot.closed) return;
      head++;
    }
  };
  return {
    open() {
      const slot = { held: [] as RunEvent[], closed: false };
      const index = slots.push(slot) - 1;
      return {
        emit: (event) => (index === head ? emit(event) : slot.held.push(event)),
        close: () => {
          slot.closed = true;
          drain();
        },
      };
    },
  };
}

/** Every check of the step, from all its `check` blocks, in file order. */
export function checksOf(step: Step): Check[] {
  return step.blocks.flatMap((b) => (b.kind === 'check' ? b.checks : []));
}

/**
 * The precheck, when the run asks for one, on a step's first attempt only: a Retry runs after
 * the step's own commands changed the state, when its checks are expected to hold.
 */
async function precheckFirstAttempt(step: Step, attempt: number, ctx: StepContext): Promise<PrecheckOutcome | undefined> {
  const checks = checksOf(step);
  if (!ctx.precheck || attempt !== 1 || checks.length === 0 || ctx.signal?.aborted) return undefined;
  const outcome = await precheck(checks, ctx.sandbox.exec, await readSessionVariables(ctx.shell, checks));
  // An observation step's checks describe what earlier steps made: holding before it is their point.
  const checked = isObservationStep(step) ? { ...outcome, vacuous: false } : outcome;
  ctx.emit({ kind: 'precheck-end', step, results: checked.results, vacuous: checked.vacuous, ...(checked.changedState && { changedState: checked.changedState }) });
  return checked;
}

/**
 * Runs the step once (its `step-start` event is the caller's to emit, before any pause).
 * @param attempt 1 for the first run, more after Retry
 * @param startAt index of the first command to run, in the step's command order: a Retry
 *   resumes at the command that failed (the ones before it already changed the state, and
 *   running `ip netns add H1` twice fails), or after the last command to evaluate the checks again
 * @returns the step's result; `failed` when a command missed its expectation, a check did not
 *   hold, or (with `ctx.precheck`) every check held before the commands ran
 */
export async function runStep(step: Step, attempt: number, ctx: StepContext, startAt = 0): Promise<StepResult> {
  const started = Date.now();
  const before = await precheckFirstAttempt(step, attempt, ctx);
  const all = commandsOf(step, ctx.defaultTimeoutMs);
  const commands: CommandOutcome[] = [];
  let resumeAt = all.length;
  let shared: StateReader | undefined;
  const order = eventsInOrder(ctx.emit);
  // The last command still working out its `why:` line, while the next one may already run.
  let finishing: Promise<unknown> | undefined;
  const backgroundExits: BackgroundExit[] = [];
  // Said between commands, once every earlier command has reported its end: in order.
  const noteBackgroundExits = async (): Promise<void> => {
    for (const exit of await ctx.shell.backgroundEnded()) {
      backgroundExits.push(exit);
      ctx.background?.exit(exit, step.number);
      ctx.emit({ kind: 'background-exited', step, exit });
    }
  };
  // Asked when a check fails: a server that could not bind may die after the last command.
  const session: CheckSession = {
    exitedServers: async () => {
      await noteBackgroundExits();
      return ctx.background?.exited ?? [];
    },
  };
  for (let i = startAt; i < all.length; i++) {
    if (finishing && !mayOverlap(all[i]!, ctx)) {
      await finishing;
      finishing = undefined;
    }
    if (!finishing) await noteBackgroundExits();
    if (ctx.signal?.aborted) {
      resumeAt = i;
      break;
    }
    const slot = order.open();
    if (i === ctx.skipCommand) {
      const { block, job } = all[i]!;
      if (ctx.skipInstead !== undefined) await ctx.shell.run(ctx.skipInstead, { timeoutMs: job.timeoutMs });
      slot.emit({ kind: 'command-skipped', step, block, command: job.command, index: i });
      slot.close();
      continue;
    }
    // Diagnoses share reads for as long as only read-only commands (pings, `ip route`) ran; not
    // across a retry= command, which waits for the state to change by itself.
    const { block, job } = all[i]!;
    if (!isShellCommand(block) || !isReadOnlyCommand(job.command.text) || block.background || job.retryMs !== undefined) shared = undefined;
    else shared ??= createStateReader(ctx.sandbox.exec);
    // A retry= command waits for every command before it (mayOverlap), so its slot is the
    // first: a background exit noticed between its attempts is said in order.
    const running = runOne(all[i]!, step, { ...ctx, emit: slot.emit }, shared, noteBackgroundExits);
    const ended = running.finished.finally(slot.close);
    finishing = Promise.all([finishing, ended]);
    // Awaited below or at the next command; a failure meanwhile must not count as unhandled.
    finishing.catch(() => {});
    const outcome = await running.ran;
    if (outcome.result.jobsRunning) shared = undefined;
    commands.push(outcome);
    if (outcome.failures.length > 0) {
      resumeAt = i;
      break;
    }
  }
  // Every command has reported its end (its `why:` line included) before the checks start.
  await finishing;
  await noteBackgroundExits();
  const commandsFailed = resumeAt < all.length;
  const checks: CheckResult[] = [];
  const toCheck = commandsFailed ? [] : checksOf(step);
  if (toCheck.length > 0) {
    ctx.emit({ kind: 'checks-start', step, count: toCheck.length });
    const variables = await readSessionVariables(ctx.shell, toCheck);
    await evaluateChecksInOrder(toCheck, ctx.sandbox.exec, (result) => {
      ctx.emit({ kind: 'check-end', step, result });
      checks.push(result);
    }, { failFast: ctx.failFast, variables, session });
  }
  const vacuous = before?.vacuous ?? false;
  const changedState = before?.changedState;
  const failed = vacuous || changedState !== undefined || commandsFailed || checks.some((c) => !c.passed);
  const result: StepResult = {
    step,
    status: ctx.signal?.aborted ? 'interrupted' : failed ? 'failed' : 'passed',
    commands,
    checks,
    precheck: before?.results,
    vacuous,
    ...(changedState && { changedState }),
    fastForwarded: ctx.fastForward ?? false,
    durationMs: Date.now() - started,
    attempts: attempt,
    resumeAt,
    ...(backgroundExits.length > 0 && { backgroundExits }),
  };
  ctx.emit({ kind: 'step-end', result });
  return result;
}
