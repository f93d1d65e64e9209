/**
 * `nslab clean [--dry-run]`: removes what interrupted `--host` runs recorded and left — only
 * those objects, only if still there and still the same — and lists it. Exit 3 when the records
 * cannot be read (not root), their directory cannot be trusted, or removing needs root.
 */
import type { ChalkInstance } from 'chalk';
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';

async function clean(dryRun: boolean, c: ChalkInstance): Promise<number> {
  const [{ cleanStaleRuns }, { RecordsDirUnreadable }, { createExec }, { formatStaleRun }, { EnvironmentError }] = await Promise.all([
    import('../../host-mode/stale-runs.js'),
    import('../../host-mode/host-run-record.js'),
    import('../../sandbox/create-exec.js'),
    import('../format-stale-runs.js'),
    import('../../util/errors.js'),
  ]);
  const exec = createExec([]);
  const write = (s: string) => process.stdout.write(s + '\n');
  // A dry run first: it needs no privilege, and says what a real one would need it for.
  const preview = await cleanStaleRuns(exec, { dryRun: true }).catch((error: unknown) => {
    // "No leftovers" would be a lie: the records of root's --host runs are what it cannot read.
    if (!(error instanceof RecordsDirUnreadable)) throw error;
    throw new EnvironmentError(
      `cannot read ${error.dir} (${error.code}), where --host runs record what they create: nslab clean needs root, as --host does: run \`sudo nslab clean\`.`,
    );
  });
  const work = preview.stale.some((r) => r.outcomes.length > 0);
  if (!dryRun && work && process.getuid?.() !== 0) {
    throw new EnvironmentError('removing namespaces, links and bridges needs root: run `sudo nslab clean` (`nslab clean --dry-run` lists them).');
  }
  const report = dryRun ? preview : await cleanStaleRuns(exec);
  for (const { dir, why } of report.skipped) {
    write(c.yellow(`skipped ${dir}, where earlier versions kept --host records: ${why}, so a record there could be another user's and must not choose what root removes (read it, and remove what it lists by hand)`));
  }
  for (const { path, error } of report.unreadable) write(c.yellow(`left alone: ${path}: ${error}`));
  for (const { record } of report.live) write(c.dim(`left alone: a --host run in progress (pid ${record.pid}, ${record.scenario})`));
  for (const run of report.stale) write(formatStaleRun(run, c));
  if (report.stale.length === 0) write('no leftovers of interrupted --host runs');
  return report.stale.some((r) => r.outcomes.some((o) => o.outcome === 'failed')) ? ExitCode.failed : ExitCode.ok;
}

/** Registers `nslab clean`. */
export const registerClean: RegisterCommand = (program, ctx) => {
  program
    .command('clean')
    .description('remove what interrupted --host runs created and left (only what they recorded)')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .action(async (opts: { dryRun?: boolean }) => {
      ctx.setExitCode(await clean(opts.dryRun === true, ctx.chalk));
    });
};
