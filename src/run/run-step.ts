/**
 * Runs one step: its command blocks in order (each command shown, run and held to its block's
 * expectations; the step stops at the first that is not met), then its checks. For `nslab test`
 * its checks are also evaluated before the commands (the precheck).
 */
import { evaluateCheckWithin } from '../check/evaluate-check.js';
import type { Check, CheckResult } from '../check/model.js';
import { createStateReader } from '../state/state-reader.js';
import { precheck, type PrecheckOutcome } from './precheck.js';
import type { Block, RunBlock, Step, TranscriptBlock } from '../scenario/model.js';
import type { Exec, Sandbox, ShellSession } from '../sandbox/types.js';
import type { CommandOutcome, RunListener, StepResult } from './events.js';
import { runCommand, type CommandJob } from './run-command.js';

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
}

type CommandBlock = RunBlock | TranscriptBlock;

/** One command of a step, with the block it belongs to. */
interface StepCommand {
  block: CommandBlock;
  job: CommandJob;
}

/** The step's commands in order, from every block that runs (not `norun` ones). */
function commandsOf(step: Step, defaultTimeoutMs: number): StepCommand[] {
  return step.blocks.flatMap((block) => {
    if ((block.kind !== 'run' && block.kind !== 'transcript') || block.norun) return [];
    const base = { expectation: block.expect, timeoutMs: block.timeoutMs ?? defaultTimeoutMs, retryMs: block.retryMs };
    const jobs: CommandJob[] =
      block.kind === 'run'
        ? block.commands.map((command) => ({ ...base, command }))
        : block.entries.map((entry) => ({ ...base, command: entry.command, transcript: entry.expected }));
    return jobs.map((job) => ({ block, job }));
  });
}

async function runOne({ block, job }: StepCommand, step: Step, ctx: StepContext): Promise<CommandOutcome> {
  ctx.emit({ kind: 'command-start', step, block, command: job.command, background: block.background });
  let outcome: CommandOutcome;
  if (block.background) {
    const started = Date.now();
    await ctx.shell.runBackground(job.command.text);
    const result = { exitCode: 0, output: '', timedOut: false, durationMs: Date.now() - started };
    outcome = { command: job.command, result, failures: [], attempts: 1 };
  } else {
    outcome = await runCommand(ctx.shell, {
      ...job,
      signal: ctx.signal,
      // Only the first attempt streams: a `retry=` loop would repeat the same output many times.
      onOutput: (chunk, attempt) => attempt === 1 && ctx.emit({ kind: 'command-output', chunk }),
    });
  }
  ctx.emit({ kind: 'command-end', step, outcome });
  return outcome;
}

/**
 * Evaluates checks one after the other, in file order, as the author wrote them: a check with
 * `within` may wait for the state to change, and the checks after it must see the new state.
 * Consecutive checks share one read of each namespace's state until one of them had to wait.
 */
async function evaluateChecksInOrder(checks: Check[], exec: Exec, onResult: (r: CheckResult) => void): Promise<void> {
  let reader = createStateReader(exec);
  for (const check of checks) {
    onResult(await evaluateCheckWithin(check, exec, reader));
    // Waiting means the state was read again, and may have changed since `reader` read it.
    if (check.withinMs !== undefined) reader = createStateReader(exec);
  }
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
  const outcome = await precheck(checks, ctx.sandbox.exec);
  ctx.emit({ kind: 'precheck-end', step, results: outcome.results, vacuous: outcome.vacuous });
  return outcome;
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
  for (let i = startAt; i < all.length; i++) {
    if (ctx.signal?.aborted) {
      resumeAt = i;
      break;
    }
    const outcome = await runOne(all[i]!, step, ctx);
    commands.push(outcome);
    if (outcome.failures.length > 0) {
      resumeAt = i;
      break;
    }
  }
  const commandsFailed = resumeAt < all.length;
  const checks: CheckResult[] = [];
  const toCheck = commandsFailed ? [] : checksOf(step);
  if (toCheck.length > 0) {
    ctx.emit({ kind: 'checks-start', step, count: toCheck.length });
    await evaluateChecksInOrder(toCheck, ctx.sandbox.exec, (result) => {
      ctx.emit({ kind: 'check-end', step, result });
      checks.push(result);
    });
  }
  const vacuous = before?.vacuous ?? false;
  const failed = vacuous || commandsFailed || checks.some((c) => !c.passed);
  const result: StepResult = {
    step,
    status: ctx.signal?.aborted ? 'interrupted' : failed ? 'failed' : 'passed',
    commands,
    checks,
    precheck: before?.results,
    vacuous,
    fastForwarded: ctx.fastForward ?? false,
    durationMs: Date.now() - started,
    attempts: attempt,
    resumeAt,
  };
  ctx.emit({ kind: 'step-end', result });
  return result;
}
