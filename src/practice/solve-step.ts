/**
 * `solve` from any point of a step: each of the step's commands, in order, is first judged
 * against the live state — one whose effect already holds (the student typed it) is not run
 * again, one whose object is there but otherwise (a veth end paired with another) is not run
 * either, and named — and the rest run in nslab's shell session, as `run` runs them. Unlike
 * `run`, a command that fails does not stop the others: solve does what it can, and the step's
 * verification afterwards says what still does not hold.
 */
import type { Command, Step } from '../scenario/model.js';
import type { Exec, ShellSession } from '../sandbox/types.js';
import type { BackgroundLedger } from '../run/background-ledger.js';
import type { CommandOutcome, RunListener } from '../run/events.js';
import { explainPing } from '../run/explain-ping.js';
import { runCommand } from '../run/run-command.js';
import { isShellCommand, shellTextOf, stepCommands } from '../run/step-commands.js';
import { commandEffect } from './command-effect.js';
import { judgeEffect } from './effect-holds.js';

/** What solve did with one command. */
export type SolvedCommand =
  /** Ran, and met its block's expectation. */
  | { command: Command; how: 'ran' }
  /** Ran, and did not meet it (`why`: what was found). */
  | { command: Command; how: 'failed'; why: string }
  /** Not run: its effect already held (`what`: each part of it, in words). */
  | { command: Command; how: 'held'; what: string[] }
  /** Not run: its object is there, otherwise than the command would make it (`why`: what is there). */
  | { command: Command; how: 'conflict'; why: string };

/** What solving a step needs. */
export interface SolveContext {
  exec: Exec;
  shell: ShellSession;
  /** The scenario's limit for one command, in ms. */
  defaultTimeoutMs: number;
  /** The runs of commands, as `run` reports them. */
  emitRun: RunListener;
  /** A command not run, held or in conflict, as soon as that is known. */
  emitSkipped: (step: Step, solved: Extract<SolvedCommand, { how: 'held' | 'conflict' }>) => void;
  /** Where the `background` commands it starts are noted, to name one that dies. */
  background?: BackgroundLedger;
}

/**
 * Runs what is left of a step (see the module comment).
 * @returns what was done with each command, in the step's command order
 * @throws only what the shell session throws (it closed)
 */
export async function solveStep(step: Step, ctx: SolveContext): Promise<SolvedCommand[]> {
  const done: SolvedCommand[] = [];
  for (const { block, command, transcript, expect } of stepCommands(step)) {
    const effect = block.background || !isShellCommand(block) ? undefined : commandEffect(command.text, command.line);
    const verdict = effect ? await judgeEffect(effect, ctx.exec) : { kind: 'absent' as const };
    if (verdict.kind !== 'absent') {
      const skipped = verdict.kind === 'held' ? { command, how: 'held' as const, what: verdict.what } : { command, how: 'conflict' as const, why: verdict.found };
      ctx.emitSkipped(step, skipped);
      done.push(skipped);
      continue;
    }
    ctx.emitRun({ kind: 'command-start', step, block, command, background: block.background });
    let outcome: CommandOutcome;
    if (block.background) {
      const started = Date.now();
      ctx.background?.start(command.text, step.number);
      await ctx.shell.runBackground(command.text);
      outcome = { command, result: { exitCode: 0, output: '', timedOut: false, durationMs: Date.now() - started }, failures: [], attempts: 1 };
    } else {
      outcome = await runCommand(ctx.shell, {
        command, shellText: shellTextOf(block, command), transcript, expectation: expect, timeoutMs: block.timeoutMs ?? ctx.defaultTimeoutMs, retryMs: block.retryMs,
        onOutput: (chunk, attempt) => attempt === 1 && ctx.emitRun({ kind: 'command-output', chunk }),
      });
      const explanation = isShellCommand(block) ? await explainPing(ctx.exec, command.text, outcome.result.exitCode, { timedOut: outcome.result.timedOut }) : undefined;
      if (explanation) outcome.explanation = explanation;
    }
    ctx.emitRun({ kind: 'command-end', step, outcome });
    done.push(outcome.failures.length === 0 ? { command, how: 'ran' } : { command, how: 'failed', why: outcome.failures.map((f) => f.found).join('; ') });
  }
  return done;
}
