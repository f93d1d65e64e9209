/**
 * The private sandbox of `nslab run`, opened as the very first thing `main` does: before the
 * command line is parsed and the run's modules load. Opening it (setpriv, unshare, PID 1's
 * mounts, the first shell) is mostly waiting on other processes, which overlaps with that work
 * instead of following it (docs/performance.md, "Costs behind the code").
 */
import { startOpening, type SandboxOpening } from '../sandbox/opening.js';
import type { Sandbox } from '../sandbox/types.js';

/** Options of `nslab run` that take a value (the next argument, or `--option=value`). */
const VALUE_OPTIONS = new Set(['--from', '--to', '--step', '--report', '--report-format', '--typing-speed', '--student']);
/** Options of `nslab run` (and the global ones) that take none and keep the run in a sandbox. */
const FLAGS = new Set(['-y', '--yes', '--show-topology', '--show-changes', '--demo', '--predict', '--no-color', '--debug']);

/**
 * Whether a command line is surely a `nslab run FILE` that opens a private sandbox: `run` first,
 * exactly one file, and only options known not to prevent it. Anything else (`--host`,
 * `--dry-run`, `--help`, an unknown or misspelt option, a second file) is left to the parser and
 * the command, which open the sandbox themselves when they need one. Errs towards false: a
 * false "no" only loses the head start, a false "yes" opens a sandbox that `main` closes unused.
 * @param argv the arguments after `nslab`
 */
export function runOpensSandbox(argv: readonly string[]): boolean {
  if (argv[0] !== 'run') return false;
  let files = 0;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (FLAGS.has(arg)) continue;
    if (VALUE_OPTIONS.has(arg)) {
      if (i + 1 >= argv.length) return false;
      i++;
      continue;
    }
    if (arg.startsWith('-')) {
      const eq = arg.indexOf('=');
      if (eq < 0 || !VALUE_OPTIONS.has(arg.slice(0, eq))) return false;
      continue;
    }
    files++;
  }
  return files === 1;
}

/** A sandbox opened ahead of the command that uses it: taken once, or closed unused. */
export interface EarlySandbox {
  /**
   * The opening sandbox, handed over once with the means to give it up (an interrupt before it
   * is open); undefined when there is none or it was taken.
   */
  take(): SandboxOpening | undefined;
  /** Closes the sandbox if no command took it (e.g. the command line was a usage error). */
  closeUntaken(): Promise<void>;
}

/**
 * Starts opening the private sandbox when `argv` is a run that will use it (runOpensSandbox).
 * Resolves once the opening has started, not when the sandbox is open; an opening that fails is
 * reported by the command that takes it, as if it had opened the sandbox itself.
 * @param argv the arguments after `nslab`
 * @param open opens the sandbox, given up when its signal fires (default: openPrivateSandbox, its
 *   module loaded only then)
 */
export async function openEarlySandbox(argv: readonly string[], open?: (signal: AbortSignal) => Promise<Sandbox>): Promise<EarlySandbox> {
  let opening: SandboxOpening | undefined;
  if (runOpensSandbox(argv)) {
    let openIt = open;
    if (!openIt) {
      const { openPrivateSandbox } = await import('../sandbox/private-sandbox.js');
      openIt = (signal) => openPrivateSandbox({ signal });
    }
    opening = startOpening(openIt);
    // Taken and awaited by `run`; until then, a failure must not be an unhandled rejection.
    opening.sandbox.catch(() => {});
  }
  return {
    take() {
      const taken = opening;
      opening = undefined;
      return taken;
    },
    async closeUntaken() {
      const untaken = opening;
      opening = undefined;
      if (untaken) await (await import('../sandbox/close-opening.js')).closeOpening(untaken.sandbox);
    },
  };
}
