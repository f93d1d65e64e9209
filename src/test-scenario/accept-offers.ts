/**
 * `nslab test --accept`: which transcript entries of a test run can take their command's
 * actual output, and what they would become.
 */
import { matchTranscript } from '../run/match-transcript.js';
import type { RunResult } from '../run/events.js';
import type { Step, TranscriptBlock, TranscriptEntry } from '../scenario/model.js';
import type { PromptStyle } from './accept-lines.js';
import { acceptTranscript } from './accept-transcript.js';

/** A transcript entry whose output differed, with the lines that would make it match. */
export interface TranscriptOffer {
  step: Step;
  block: TranscriptBlock;
  entry: TranscriptEntry;
  /** The command's stdout+stderr in the test run. */
  output: string;
  /** The entry's new expected lines (see `acceptTranscript`). */
  lines: string[];
  /**
   * Where the entry is in the scenario, by position (step, block, entry), which, unlike line
   * numbers, stays the same when an earlier transcript is rewritten.
   */
  key: string;
}

/** `dollar` when a line of the block starts with `$ ` (then only those are commands). */
export function promptStyle(block: TranscriptBlock): PromptStyle {
  return block.content.split('\n').some((l) => l.startsWith('$ ')) ? 'dollar' : 'any';
}

/** The transcript entry a command came from, found through its line in the step's blocks. */
function entryOf(step: Step, line: number): { block: TranscriptBlock; entry: TranscriptEntry; blockIndex: number; entryIndex: number } | undefined {
  for (const [blockIndex, block] of step.blocks.entries()) {
    if (block.kind !== 'transcript' || block.norun || block.background) continue;
    const entryIndex = block.entries.findIndex((e) => e.command.line === line);
    if (entryIndex !== -1) return { block, entry: block.entries[entryIndex]!, blockIndex, entryIndex };
  }
  return undefined;
}

/**
 * The transcript entries of a run whose output did not match: only the `output as in the
 * transcript` failure counts — a command that timed out or was interrupted did not print
 * its whole output, so it is never offered.
 * @returns one offer per such command, in run order
 */
export function transcriptOffers(run: RunResult): TranscriptOffer[] {
  const offers: TranscriptOffer[] = [];
  for (const result of run.steps) {
    for (const outcome of result.commands) {
      if (outcome.failures.length === 0 || outcome.result.timedOut || outcome.result.interrupted) continue;
      const found = entryOf(result.step, outcome.command.line);
      if (!found) continue;
      const { output } = outcome.result;
      // The same test evaluateExpectation made, so an offer is exactly a transcript failure.
      if (matchTranscript(found.entry.expected, output).ok) continue;
      offers.push({
        step: result.step,
        block: found.block,
        entry: found.entry,
        output,
        lines: acceptTranscript(found.entry.expected, output, { prompts: promptStyle(found.block) }),
        key: `${result.step.number}/${found.blockIndex}/${found.entryIndex}`,
      });
    }
  }
  return offers;
}
