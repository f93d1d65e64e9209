/**
 * Runs the built CLI (`bin/nslab`) as a user would, and captures what it printed.
 */
import { spawn } from 'node:child_process';
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
export function runProcess(program: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
