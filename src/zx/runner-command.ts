/**
 * How nslab starts the zx runner (src/zx/zx-runner.ts, built to dist/bundle/zx-runner.cjs) for a
 * zx block: as a command of the scenario's shell session for a step block, as an argv for the
 * sandbox's exec for a check. The sandbox sees nslab's installation and node read-only
 * (docs/sandbox.md, "The filesystem"), so the same paths work inside it.
 */
import { fileURLToPath } from 'node:url';
import { shellQuote } from '../util/child-process.js';
import { runnerArguments, type ScriptRole } from './protocol.js';

/**
 * The runner bundle's path, in dist/bundle/ of the package: this module is two directories
 * below the package's root in src/ (tests), in dist/ and in the CLI bundle
 * (dist/bundle/nslab.cjs, whose `import.meta.url` the build defines).
 */
export function zxRunnerPath(): string {
  return fileURLToPath(new URL('../../dist/bundle/zx-runner.cjs', import.meta.url));
}

/**
 * The argv that runs a script: `node RUNNER ROLE FIRST_LINE SCRIPT`.
 * @param variables `NAME=VALUE` for the session variables a check script reads, put in its
 *   environment through env(1) (exec gives a process nslab's own environment)
 */
export function runnerArgv(role: ScriptRole, firstLine: number, script: string, variables: ReadonlyMap<string, string> = new Map()): string[] {
  const node = [process.execPath, zxRunnerPath(), ...runnerArguments(role, firstLine, script)];
  return variables.size === 0 ? node : ['env', ...[...variables].map(([k, v]) => `${k}=${v}`), ...node];
}

/**
 * The shell session command that runs a step script. It inherits the session's exported
 * environment and working directory; each variable the script reads (`process.env.ADDR`) is
 * passed to it too when the session has it set, exported or not (`${ADDR+"ADDR=$ADDR"}`: set,
 * even empty, gives one word; unset gives none).
 * @param variables names as `scriptVariables` found them (valid shell names)
 */
export function stepScriptCommand(firstLine: number, script: string, variables: readonly string[]): string {
  const argv = runnerArgv('step', firstLine, script).map(shellQuote).join(' ');
  if (variables.length === 0) return argv;
  return `env ${variables.map((n) => `\${${n}+"${n}=$${n}"}`).join(' ')} ${argv}`;
}
