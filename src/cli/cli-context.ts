/**
 * What every command of the CLI gets from `main`: colours and where its exit code goes.
 */
import type { ChalkInstance } from 'chalk';
import type { Command } from 'commander';
import type { SandboxOpening } from '../sandbox/opening.js';

/** Shared by the command modules under `src/cli/commands/`. */
export interface CliContext {
  /** Colours (level 0 with `--no-color` or NO_COLOR). */
  chalk: ChalkInstance;
  /** Records the process's exit code (see exit-codes.ts). */
  setExitCode(code: number): void;
  /**
   * The private sandbox `main` started opening before parsing (early-sandbox.ts), handed over
   * once with the means to give it up; undefined when there is none or it was taken.
   */
  takeEarlySandbox(): SandboxOpening | undefined;
}

/** A command module: adds one subcommand to the program. Heavy imports happen in its action. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;
