/**
 * Decides whether a finished command met its block's expectations. Pure.
 */
import type { ExitExpectation, ExpectedLine, Expectation } from '../scenario/model.js';
import type { CommandResult } from '../sandbox/types.js';
import { formatDuration } from '../util/duration.js';
import type { ExpectationFailure } from './events.js';
import { matchTranscript } from './match-transcript.js';
import { transcriptView } from './transcript-view.js';

/** How many trailing lines of output a failure shows as "found". */
const TAIL_LINES = 3;

/** The exit expectation in words: `exit status 0`, `a non-zero exit status`, `any exit status`. */
export function describeExit(exit: ExitExpectation): string {
  switch (exit.kind) {
    case 'code':
      return `exit status ${exit.code}`;
    case 'nonzero':
      return 'a non-zero exit status';
    case 'any':
      return 'any exit status';
  }
}

/**
 * A block's expectations in words, e.g. `exit status 2 · output contains "Network is unreachable"`.
 * @param separator put between the parts (` · ` by default)
 */
export function describeExpectation(expect: Expectation, separator = ' · '): string {
  const parts = [describeExit(expect.exit)];
  if (expect.output !== undefined) parts.push(`output contains "${expect.output}"`);
  if (expect.noOutput !== undefined) parts.push(`output without "${expect.noOutput}"`);
  if (expect.match !== undefined) parts.push(`output matches /${expect.match.source}/`);
  return parts.join(separator);
}

/** The last few non-empty lines of output, or `no output`. */
export function outputTail(output: string, lines = TAIL_LINES): string {
  const kept = output.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  if (kept.length === 0) return 'no output';
  return kept.slice(-lines).join('\n');
}

/** `; output: LAST LINES`, or `, no output`. */
function withOutput(output: string): string {
  const tail = outputTail(output);
  return tail === 'no output' ? ', no output' : `; output: ${tail}`;
}

function exitHolds(exit: ExitExpectation, code: number | null): boolean {
  if (code === null) return exit.kind === 'any';
  switch (exit.kind) {
    case 'code':
      return code === exit.code;
    case 'nonzero':
      return code !== 0;
    case 'any':
      return true;
  }
}

/**
 * Compares a command's result with what its block expects.
 * @param expectation the block's `exit`, `output`, `no-output` and `match` attributes
 * @param result what the command did
 * @param transcript the expected output lines when the command came from a transcript
 * @returns every unmet expectation; empty when the command met them all
 */
export function evaluateExpectation(
  expectation: Expectation,
  result: CommandResult,
  transcript?: ExpectedLine[],
): ExpectationFailure[] {
  const failures: ExpectationFailure[] = [];
  if (result.interrupted) {
    failures.push({ expected: describeExit(expectation.exit), found: `interrupted after ${formatDuration(result.durationMs)}` });
    return failures;
  }
  if (result.timedOut) {
    failures.push({
      expected: `${describeExit(expectation.exit)} within the time limit`,
      found: `timed out after ${formatDuration(result.durationMs)}${withOutput(result.output)}`,
    });
    return failures;
  }
  if (!exitHolds(expectation.exit, result.exitCode)) {
    failures.push({
      expected: describeExit(expectation.exit),
      found: `exit status ${result.exitCode ?? 'none'}${withOutput(result.output)}`,
    });
  }
  if (expectation.output !== undefined && !result.output.includes(expectation.output)) {
    failures.push({ expected: `output contains "${expectation.output}"`, found: outputTail(result.output) });
  }
  if (expectation.noOutput !== undefined && result.output.includes(expectation.noOutput)) {
    const line = result.output.split('\n').find((l) => l.includes(expectation.noOutput!)) ?? '';
    failures.push({ expected: `output without "${expectation.noOutput}"`, found: line.trim() });
  }
  if (expectation.match !== undefined && !expectation.match.test(result.output)) {
    failures.push({ expected: `output matches /${expectation.match.source}/`, found: outputTail(result.output) });
  }
  if (transcript && transcript.length > 0) {
    const verdict = matchTranscript(transcript, result.output);
    if (!verdict.ok) {
      failures.push({
        expected: 'output as in the transcript',
        found: verdict.detail,
        diff: transcriptView(transcript, result.output),
      });
    }
  }
  return failures;
}

