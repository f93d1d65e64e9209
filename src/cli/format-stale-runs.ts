/**
 * How interrupted `--host` runs are shown: by `nslab clean`, and as a notice before
 * `run --host` and `test --host`.
 */
import type { ChalkInstance } from 'chalk';
import { createExec } from '../sandbox/create-exec.js';
import type { Exec } from '../sandbox/types.js';
import { cleanStaleRuns, hasLeftovers, type StaleRun } from '../host-mode/stale-runs.js';
import { RecordsDirUnreadable } from '../host-mode/host-run-record.js';
import { describeRecorded, type RemovalOutcome } from '../host-mode/remove-recorded.js';
import { formatOutcome } from '../view/terminal/format-host-end.js';

/**
 * `interrupted --host run of FILE (pid N, started ISO):` and one line per object.
 * @param lineOf how an object's line reads (default: its outcome, `removed namespace H1 (step 1)`).
 */
export function formatStaleRun(run: StaleRun, c: ChalkInstance, lineOf: (o: RemovalOutcome) => string = (o) => formatOutcome(o, c)): string {
  const { record } = run;
  const head = `interrupted --host run of ${record.scenario} (pid ${record.pid}, started ${record.startedAt}):`;
  const lines = run.outcomes.map((o) => '  ' + lineOf(o));
  if (run.outcomes.length === 0) lines.push(c.dim('  nothing recorded'));
  if (!run.deleted && run.outcomes.some((o) => o.outcome === 'failed')) lines.push(c.yellow(`  record kept: ${run.path}`));
  return [c.bold(head), ...lines].join('\n');
}

/**
 * Before a `--host` run or test: lists, on stderr, what interrupted runs left and is still
 * there, with how to remove it. Removes nothing. Silent when there is nothing, when the
 * records cannot be read (not root: `--host` refuses to run then anyway), and about an old
 * records' directory `nslab clean` skips (it says why).
 * @throws UntrustedRecordsDir (exit 3) when the records' directory cannot be trusted: the run
 *   stops before anything runs.
 * @param writeErr where to write (process.stderr by default).
 * @param exec the host's Exec.
 */
export async function noticeStaleRuns(
  c: ChalkInstance,
  writeErr: (s: string) => void = (s) => process.stderr.write(s),
  exec: Exec = createExec([]),
): Promise<void> {
  // Records nslab may not read are root's: the run stops at its own root check next.
  const report = await cleanStaleRuns(exec, { dryRun: true }).catch((error: unknown) => {
    if (error instanceof RecordsDirUnreadable) return undefined;
    throw error;
  });
  const stale = (report?.stale ?? []).filter(hasLeftovers);
  if (stale.length === 0) return;
  const runs = stale.map((r) => ({ ...r, outcomes: r.outcomes.filter((o) => o.outcome === 'would-remove') }));
  writeErr(c.yellow('leftovers of interrupted --host runs are on this host (`nslab clean` removes them):') + '\n');
  for (const run of runs) writeErr(formatStaleRun(run, c, (o) => describeRecorded(o.object)) + '\n');
}
