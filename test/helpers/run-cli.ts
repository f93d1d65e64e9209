/**
 * Runs the built CLI (`bin/nslab`) as a user would, and captures what it printed.
 */
import { $ } from 'zx';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a CLI run left: exit code and both streams (colours off). */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/nslab ...args` with stdin closed (so runs are unattended) and NO_COLOR set.
 * @returns exit code, stdout and stderr
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runProcess(process.execPath, ['bin/nslab', ...args], env);
}

/**
 * Runs any program the way {@link runCli} runs nslab (for wrappers such as
 * `unshare ... node bin/nslab`), from `cwd` (default: the repository root).
 */
export async function runProcess(program: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<CliRun> {
  // zx: spawn and collect in one call; stdin closed, as a run without a terminal has it.
  const out = await $({ cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], nothrow: true, quiet: true })`${program} ${args}`;
  return { code: out.exitCode, stdout: out.stdout, stderr: out.stderr };
}
