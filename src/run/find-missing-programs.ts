/**
 * Finds which of the programs a run needs are not installed, before step 1 runs.
 */
import which from 'which';
import { programsOfChecks } from '../check/check-programs.js';
import type { Scenario } from '../scenario/model.js';
import { withSbin } from '../util/child-process.js';
import { rootOnlyReasons } from './root-only.js';
import { debianPackageOf } from '../util/debian-packages.js';
import { EnvironmentError } from '../util/errors.js';

/** Programs nslab itself needs to run any scenario in the private sandbox. */
const SANDBOX_PROGRAMS = ['bash', 'ip', 'ping', 'sysctl', 'unshare', 'nsenter', 'setpriv'];
/** Programs nslab needs to run any scenario on the host. */
const HOST_PROGRAMS = ['bash', 'ip', 'ping', 'sysctl'];
/** Programs each service needs. */
const SERVICE_PROGRAMS: Record<string, string[]> = {
  openvswitch: ['ovs-vsctl', 'ovsdb-server', 'ovs-vswitchd', 'ovsdb-tool'],
};

/**
 * Lists the programs the scenario's `requires`, its services, its checks (`capture` runs
 * tcpdump) and nslab's own sandbox need.
 * @param host true for `--host` runs, which need no unshare/nsenter
 * @returns program names, without duplicates, in a stable order
 */
export function programsNeeded(scenario: Scenario, host: boolean): string[] {
  const all = [
    ...(host ? HOST_PROGRAMS : SANDBOX_PROGRAMS),
    ...scenario.meta.services.flatMap((s) => SERVICE_PROGRAMS[s] ?? []),
    ...scenario.meta.requires,
    // Inline rather than run-step's checksOf: lint imports this module, and should not pull in the runner.
    ...programsOfChecks(scenario.steps.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'check' ? b.checks : [])))),
  ];
  return [...new Set(all)];
}

/**
 * Looks each program up on PATH, and in the sbin directories PATH may lack (`su - user`).
 * Synchronously: a run's dozen programs times a PATH of ten directories are ~120 `stat`s, cheaper
 * in a row than through libuv's thread pool while a run starts up (docs/performance.md, "Costs behind the code").
 * @returns the names that are missing (empty when all are installed)
 */
export async function findMissingPrograms(programs: readonly string[]): Promise<string[]> {
  // The PATH the sandbox's commands get: with the sbin directories, where sysctl and ifconfig are.
  const path = withSbin(process.env.PATH);
  return programs.filter((p) => which.sync(p, { nothrow: true, path }) === null);
}

/**
 * Throws when a program the run needs is missing, or (not root, not --host) when the scenario
 * needs what only root's sandbox gives (see rootOnlyReasons).
 * @throws EnvironmentError naming what needs root, or each missing program and the Debian package to install
 */
export async function assertProgramsInstalled(scenario: Scenario, host: boolean): Promise<void> {
  const needs = host || process.getuid?.() === 0 ? [] : rootOnlyReasons(scenario);
  if (needs.length > 0) {
    throw new EnvironmentError(
      `${scenario.file}: this scenario needs ${needs.join(' and ')}, which the sandbox of a user without root cannot give: run nslab as root, e.g. with sudo.`,
    );
  }
  const missing = await findMissingPrograms(programsNeeded(scenario, host));
  if (missing.length === 0) return;
  const lines = missing.map((p) => {
    const pkg = debianPackageOf(p);
    return pkg ? `  ${p} (Debian package ${pkg})` : `  ${p} (find its package with: apt-file search bin/${p})`;
  });
  const packages = [...new Set(missing.map(debianPackageOf).filter((p): p is string => p !== undefined))];
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  const fix = packages.length > 0 ? `\nInstall with: ${sudo}apt-get install -y ${packages.join(' ')}` : '';
  throw new EnvironmentError(`${scenario.file}: programs this scenario needs are not installed:\n${lines.join('\n')}${fix}`);
}
