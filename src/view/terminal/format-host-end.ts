/**
 * How the end of a `--host` run reads: what nslab removed of what the scenario created and its
 * cleanup left, what it could not remove, and where the record was kept for `nslab clean`.
 * Shared by the terminal and test reporters, and by `nslab clean`.
 */
import type { ChalkInstance } from 'chalk';
import type { HostRunEnd } from '../../host-mode/track-host-run.js';
import { describeRecorded, type RemovalOutcome } from '../../host-mode/remove-recorded.js';
import type { CommandResult } from '../../sandbox/types.js';

/** One line per outcome: `removed namespace H1 (step 1)`, `✘ could not remove link v0 (step 2): ...`. */
export function formatOutcome(o: RemovalOutcome, c: ChalkInstance): string {
  const what = describeRecorded(o.object);
  switch (o.outcome) {
    case 'removed':
      return c.green('removed ') + what + (o.detail ? c.dim(` — ${o.detail}`) : '');
    case 'would-remove':
      return 'would remove ' + what;
    case 'gone':
      return c.dim('already gone: ' + what);
    case 'replaced':
      return c.dim(`left alone: ${what}: ${o.detail ?? 'another object of that name is there now'}`);
    case 'failed':
      return c.red(`✘ could not remove ${what}: ${o.detail ?? ''}`);
  }
}

/**
 * The lines for the end of a host run; none when the scenario's cleanup removed everything.
 * Objects already gone are not mentioned: the run saw them go.
 */
export function formatHostEnd(end: HostRunEnd, c: ChalkInstance): string[] {
  const shown = end.outcomes.filter((o) => o.outcome !== 'gone');
  const lines: string[] = [];
  if (shown.some((o) => o.outcome === 'removed' || o.outcome === 'failed')) {
    lines.push(c.yellow("the scenario's cleanup left what the run created; nslab removed it:"));
  }
  lines.push(...shown.map((o) => '  ' + formatOutcome(o, c)));
  if (end.keptRecord) lines.push(c.yellow(`the record of this run is kept at ${end.keptRecord}: \`nslab clean\` removes what is left`));
  return lines;
}

/** The line for a cleanup that did not exit 0 (undefined when it did). */
export function formatCleanupEnd(result: CommandResult, c: ChalkInstance): string | undefined {
  if (result.exitCode === 0) return undefined;
  if (result.interrupted) return c.yellow('cleanup cut short by a second interrupt');
  return c.yellow(`cleanup exited ${result.exitCode ?? 'on timeout'}: ${result.output.trim()}`);
}
