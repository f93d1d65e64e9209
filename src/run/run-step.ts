/**
 * Runs one step: its command blocks in order (each command shown, run and held to its block's
 * expectations; the step stops at the first that is not met), then its checks.
 */
import { evaluateCheckWithin } from '../check/evaluate-check.js';
import type { Check, CheckResult } from '../check/model.js';
import { createStateReader } from '../state/state-reader.js';
import type { Block, RunBlock, Step, TranscriptBlock } from '../scenario/model.js';
import type { Sandbox, ShellSession } from '../sandbox/types.js';
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
}

type CommandBlock = RunBlock | TranscriptBlock;

function jobsOf(block: CommandBlock, defaultTimeoutMs: number): CommandJob[] {
  const base = {
    expectation: block.expect,
    timeoutMs: block.timeoutMs ?? defaultTimeoutMs,
    retryMs: block.retryMs,
  };
  if (block.kind === 'run') return block.commands.map((command) => ({ ...base, command }));
  return block.entries.map((entry) => ({ ...base, command: entry.command, transcript: entry.expected }));
}

function isCommandBlock(block: Block): block is CommandBlock {
  return block.kind === 'run' || block.kind === 'transcript';
}

async function runBlock(block: CommandBlock, step: Step, ctx: StepContext): Promise<CommandOutcome[]> {
  const outcomes: CommandOutcome[] = [];
  for (const job of jobsOf(block, ctx.defaultTimeoutMs)) {
    if (ctx.signal?.aborted) break;
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
        onOutput: (chunk) => ctx.emit({ kind: 'command-output', chunk }),
      });
    }
    ctx.emit({ kind: 'command-end', step, outcome });
    outcomes.push(outcome);
    if (outcome.failures.length > 0) break;
  }
  return outcomes;
}

/** Every check of the step, from all its `check` blocks, in file order. */
export function checksOf(step: Step): Check[] {
  return step.blocks.flatMap((b) => (b.kind === 'check' ? b.checks : []));
}

/**
 * Runs the step once (its `step-start` event is the caller's to emit, before any pause).
 * @param attempt 1 for the first run, more after Retry
 * @returns the step's result; `failed` when a command missed its expectation or a check did not hold
 */
export async function runStep(step: Step, attempt: number, ctx: StepContext): Promise<StepResult> {
  const started = Date.now();
  const commands: CommandOutcome[] = [];
  let commandsFailed = false;
  for (const block of step.blocks) {
    if (!isCommandBlock(block) || block.norun) continue;
    const outcomes = await runBlock(block, step, ctx);
    commands.push(...outcomes);
    if (outcomes.some((o) => o.failures.length > 0) || ctx.signal?.aborted) {
      commandsFailed = true;
      break;
    }
  }
  const checks: CheckResult[] = [];
  const toCheck = commandsFailed ? [] : checksOf(step);
  if (toCheck.length > 0) {
    ctx.emit({ kind: 'checks-start', step, count: toCheck.length });
    // Checks only read state, so they run side by side, sharing one read of each namespace's
    // links and routes; they are reported in file order.
    const reader = createStateReader(ctx.sandbox.exec);
    const results = await Promise.all(toCheck.map((check) => evaluateCheckWithin(check, ctx.sandbox.exec, reader)));
    for (const result of results) {
      ctx.emit({ kind: 'check-end', step, result });
      checks.push(result);
    }
  }
  const failed = commandsFailed || checks.some((c) => !c.passed);
  const result: StepResult = {
    step,
    status: ctx.signal?.aborted ? 'interrupted' : failed ? 'failed' : 'passed',
    commands,
    checks,
    durationMs: Date.now() - started,
    attempts: attempt,
  };
  ctx.emit({ kind: 'step-end', result });
  return result;
}
