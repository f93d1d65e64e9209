/**
 * Runs one command of a block in the shell session and decides whether it met the block's
 * expectations, running it again while `retry=` allows.
 */
import type { Command, ExpectedLine, Expectation } from '../scenario/model.js';
import type { ShellSession } from '../sandbox/types.js';
import type { CommandOutcome } from './events.js';
import { evaluateExpectation } from './evaluate-expectation.js';

/** Pause between attempts of a `retry=` block, in ms. */
const RETRY_INTERVAL_MS = 200;

/** What running one command needs. */
export interface CommandJob {
  command: Command;
  /** What the shell session runs when it is not `command.text` (a zx block's runner: `shellTextOf`). */
  shellText?: string;
  expectation: Expectation;
  /** Expected output lines, for a transcript command. */
  transcript?: ExpectedLine[];
  /** Limit for one attempt, in ms. */
  timeoutMs: number;
  /** Keep running again until the expectation holds or this many ms have passed. */
  retryMs?: number;
  /** Receives output as it arrives; `attempt` starts at 1. */
  onOutput?: (chunk: string, attempt: number) => void;
  /** When set and aborted, no new attempt starts. */
  signal?: AbortSignal;
  /**
   * Called in each pause of a `retry=` loop, while the shell is idle: what the run must notice
   * without waiting for the loop to end (a `background` command that exited, which a 10 s
   * retry would otherwise leave unsaid until it runs out).
   */
  betweenAttempts?: () => Promise<void>;
}

/**
 * Runs the command (again, with `retry=`) until it meets its expectation or runs out of time.
 * @returns the last attempt's result, its unmet expectations and the number of attempts
 */
export async function runCommand(shell: ShellSession, job: CommandJob): Promise<CommandOutcome> {
  const deadline = Date.now() + (job.retryMs ?? 0);
  let attempts = 0;
  for (;;) {
    attempts++;
    const attempt = attempts;
    const result = await shell.run(job.shellText ?? job.command.text, {
      timeoutMs: job.timeoutMs,
      onOutput: job.onOutput ? (chunk) => job.onOutput!(chunk, attempt) : undefined,
    });
    const failures = evaluateExpectation(job.expectation, result, job.transcript);
    const outOfTime = Date.now() + RETRY_INTERVAL_MS > deadline;
    if (failures.length === 0 || outOfTime || job.signal?.aborted) {
      return { command: job.command, result, failures, attempts };
    }
    await Promise.all([new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS)), job.betweenAttempts?.()]);
  }
}
