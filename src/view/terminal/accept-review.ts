/**
 * `nslab test --accept`: showing each transcript change and asking whether to write it.
 */
import type { ChalkInstance } from 'chalk';
import { diffArrays } from 'diff';
import { expectedLineText } from '../../scenario/expected-line-text.js';
import type { TranscriptOffer } from '../../test-scenario/accept-offers.js';

/** Asks a yes/no question (default No); resolves to the answer. Rejects when cancelled (Ctrl-C). */
export type Confirm = (message: string) => Promise<boolean>;

/** How to review the offers. */
export interface ReviewOptions {
  /** Accept every offer without asking (`--yes`). */
  yes: boolean;
  /** How to ask; undefined when there is no terminal, and then nothing is written without `yes`. */
  confirm?: Confirm;
  /** Where the diffs go (stdout in the CLI). */
  write: (text: string) => void;
  chalk: ChalkInstance;
}

const INDENT = '      ';

/**
 * An offer for people: where the command is, then the entry's expected lines as they are
 * (`-`), as they would be (`+`) and unchanged (` `, which includes the kept `...` and `(re)`).
 */
export function formatOffer(offer: TranscriptOffer, file: string, c: ChalkInstance): string {
  const { command } = offer.entry;
  const first = command.text.split('\n')[0]!;
  const more = command.text.includes('\n') ? ' ...' : '';
  const lines = [`${INDENT}${c.bold(`${file}:${command.line}: $ ${first}${more}`)}: the transcript differs from the output`];
  for (const change of diffArrays(offer.entry.expected.map(expectedLineText), offer.lines)) {
    const mark = change.added ? c.green('+ ') : change.removed ? c.red('- ') : '  ';
    const paint = change.added ? c.green : change.removed ? c.red : c.dim;
    for (const text of change.value) lines.push(`${INDENT}  ${mark}${paint(text)}`);
  }
  if (offer.lines.length === 0) lines.push(c.dim(`${INDENT}  (no output: the command's expected lines go)`));
  return lines.join('\n');
}

/**
 * Shows every offer of one file and decides which are accepted: all with `yes`, none without
 * a terminal (it then says how to accept them), else each as answered (default No).
 * @returns the accepted offers, in the given order
 * @throws whatever `confirm` rejects with (Ctrl-C at a prompt)
 */
export async function reviewOffers(file: string, offers: readonly TranscriptOffer[], options: ReviewOptions): Promise<TranscriptOffer[]> {
  const { write, chalk: c } = options;
  const accepted: TranscriptOffer[] = [];
  for (const offer of offers) {
    write(formatOffer(offer, file, c) + '\n');
    if (options.yes) accepted.push(offer);
    else if (options.confirm && (await options.confirm(`Write the actual output into ${file}?`))) accepted.push(offer);
  }
  if (!options.yes && !options.confirm && offers.length > 0) {
    write(c.yellow(`${INDENT}not written: there is no terminal to ask; accept with nslab test --accept --yes ${file}`) + '\n');
  }
  return accepted;
}
