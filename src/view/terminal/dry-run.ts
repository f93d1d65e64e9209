/**
 * `nslab run --dry-run`: every command a run would execute, step by step, without running any.
 *
 * Why a separate renderer rather than the terminal reporter: a dry run has no events (nothing
 * runs), and it must list what the reporter never shows in one place — `norun` blocks marked as
 * such, the checks, the cleanup — so a reader can audit a downloaded scenario before trusting it.
 */
import type { ChalkInstance } from 'chalk';
import type { Block, Command, Scenario } from '../../scenario/model.js';
import { blockCommands, isCommandBlock } from '../../run/step-commands.js';
import { commandPrompt } from './format-run.js';

/** How to render a dry run. */
export interface DryRunOptions {
  chalk: ChalkInstance;
  /** `--host`: the commands would run on this machine, not in a private sandbox. */
  host?: boolean;
  /** Last step that would run (1-based, from `--to`/`--step`); default: the last one. */
  to?: number;
}

/**
 * Renders the plan of a run: a header, then per step its header and each command with its file
 * line (`norun` blocks marked, `background` and `timeout=`/`retry=` noted), its checks, and the
 * scenario's `cleanup`; a count at the end.
 * @returns the text to print, ending with a newline
 */
export function renderDryRun(scenario: Scenario, options: DryRunOptions): string {
  const c = options.chalk;
  const out: string[] = [];
  const last = options.to ?? scenario.steps.length;
  let commands = 0;
  out.push(c.bold(scenario.meta.title) + c.dim(`  (${scenario.file})`));
  out.push(options.host ? c.yellow('would run on this host (--host), as root') : 'would run in a private sandbox (network, mount and PID namespaces)');
  if (scenario.meta.services.includes('openvswitch')) {
    out.push(options.host ? 'uses the host\'s running Open vSwitch' : 'nslab would start ovsdb-server and ovs-vswitchd inside the sandbox');
  }
  for (const step of scenario.steps.slice(0, last)) {
    out.push('', c.bold.blue(`━━ Step ${step.number}/${scenario.steps.length} · ${step.title}`) + c.dim(`  (line ${step.line})`));
    for (const block of step.blocks) {
      out.push(...renderBlock(block, c));
      if (isCommandBlock(block) && !block.norun) commands += blockCommands(block).length;
    }
  }
  if (last < scenario.steps.length) out.push('', c.dim(`steps ${last + 1}-${scenario.steps.length} would not run (--to)`));
  if (scenario.meta.cleanup !== undefined) {
    out.push('', c.bold('cleanup') + c.dim(`  (line ${scenario.meta.cleanupLine ?? 1}; after the last step, a failure or an interrupt)`));
    for (const text of scenario.meta.cleanup.split('\n').filter((l) => l.trim() !== '')) out.push(`  ${c.dim('$')} ${text}`);
  }
  const steps = Math.min(last, scenario.steps.length);
  out.push('', `${commands} command${commands === 1 ? '' : 's'} in ${steps} step${steps === 1 ? '' : 's'}; nothing was run (--dry-run)`);
  return out.join('\n') + '\n';
}

/** The lines for one block: commands `  L12  $ text`, checks `  L30  check H1: ...`. */
function renderBlock(block: Block, c: ChalkInstance): string[] {
  const at = (line: number): string => c.dim(`L${line}`.padStart(6));
  if (block.kind === 'shown') return [];
  if (block.kind === 'check') return block.checks.map((check) => `${at(check.line)}  ${c.cyan('check')} ${check.source}`);
  const mark = block.norun ? c.yellow(' (norun: shown, not run)') : block.background ? c.magenta(' (background)') : '';
  const prompt = commandPrompt(block).trimEnd();
  const lines = blockCommands(block).map((cmd) => `${at(cmd.line)}  ${c.dim(prompt)} ${indentContinuations(cmd.text)}${mark}${statusNote(block, cmd, c)}`);
  const note = notes(block);
  return note ? [...lines, c.dim(`        ${note}`)] : lines;
}

/** `timeout 5s, retry 10s, expects exit nonzero`, or '' when the block sets none of them. */
function notes(block: Block): string {
  if (!isCommandBlock(block)) return '';
  if (block.norun) return '';
  const parts: string[] = [];
  if (block.timeoutMs !== undefined) parts.push(`timeout ${block.timeoutMs / 1000}s`);
  if (block.retryMs !== undefined) parts.push(`retry ${block.retryMs / 1000}s`);
  const exit = block.expect.exit;
  if (exit.kind === 'nonzero') parts.push('expects a nonzero exit');
  if (exit.kind === 'code' && exit.code !== 0) parts.push(`expects exit ${exit.code}`);
  return parts.length > 0 ? `(${parts.join(', ')})` : '';
}

/** `  (expects exit 1)` after a transcript command whose `[N]` line says so, else ''. */
function statusNote(block: Block, command: Command, c: ChalkInstance): string {
  const status = block.kind === 'transcript' && !block.norun ? block.entries.find((e) => e.command === command)?.exitStatus : undefined;
  return status && status.code !== 0 ? c.dim(`  (expects exit ${status.code})`) : '';
}

/** Keeps a multi-line command (heredoc, `\` continuation) aligned under its first line. */
function indentContinuations(text: string): string {
  return text.replace(/\n/g, '\n          ');
}
