/**
 * Renders `nslab test --mutate`: one line per mutation (is it noticed, and by what), then a
 * count per scenario and over all of them.
 */
import type { ChalkInstance } from 'chalk';
import { firstLine, type MutationResult } from '../../test-scenario/mutate-scenario.js';
import { formatDuration } from '../../util/duration.js';

/** Mutation counts by status. */
export interface MutationCounts {
  noticed: number;
  unchecked: number;
  inconclusive: number;
  interrupted: number;
}

/** Counts results by status. */
export function countMutations(results: readonly MutationResult[]): MutationCounts {
  const count = (s: MutationResult['status']) => results.filter((r) => r.status === s).length;
  return { noticed: count('noticed'), unchecked: count('unchecked'), inconclusive: count('inconclusive'), interrupted: count('interrupted') };
}

/**
 * `✔ step 2, line 47: removing "ip link set H1-eth0 netns H1" is noticed (step 2: H1: link H1-eth0 exists)`,
 * or `✘ step 6, line 88: removing "..." changed no outcome`.
 */
export function formatMutation(result: MutationResult, c: ChalkInstance): string {
  const { step, command } = result.mutation;
  const instead = result.mutation.instead;
  const what = `step ${step.number}, line ${command.line}: removing "${firstLine(command.text)}"${instead ? ` (running "${instead}" instead)` : ''}`;
  const ms = c.dim(`  ${formatDuration(result.durationMs)}`);
  switch (result.status) {
    case 'noticed':
      return `  ${c.green('✔')} ${what} is noticed ${c.dim(`(${result.failure})`)}${ms}`;
    case 'unchecked':
      return `  ${c.red('✘')} ${what} ${c.red('changed no outcome')}${ms}`;
    case 'inconclusive':
      return `  ${c.yellow('⚠')} ${what}: ${c.yellow('inconclusive')}, an earlier step failed (${result.failure})${ms}`;
    case 'interrupted':
      return `  ${c.yellow('⚠')} ${what}: ${c.yellow('interrupted')}`;
  }
}

/** `23 mutations: 21 noticed, 2 unchecked · 41 s` (inconclusive and interrupted ones only when there are any). */
export function formatMutationCount(results: readonly MutationResult[], durationMs: number, c: ChalkInstance): string {
  const n = countMutations(results);
  const extra = [
    ...(n.inconclusive > 0 ? [`${n.inconclusive} inconclusive`] : []),
    ...(n.interrupted > 0 ? [`${n.interrupted} interrupted`] : []),
  ];
  const text = `${results.length} mutation${results.length === 1 ? '' : 's'}: ${[`${n.noticed} noticed`, `${n.unchecked} unchecked`, ...extra].join(', ')} · ${formatDuration(durationMs)}`;
  return n.noticed === results.length ? c.green.bold(text) : c.red.bold(text);
}
