/**
 * The reveal after a predicted command (`run --predict`): whether the student was right, and why
 * it did what it did.
 */
import type { ChalkInstance } from 'chalk';
import type { Prediction } from '../../run/prediction.js';

/**
 * `  ✔ You predicted: fails: all packets lost. Right.` or
 * `  ✘ You predicted: succeeds. It fails: all packets lost.`, then `    why: ...` when the
 * sentence on why was not already shown under the command.
 * @param whyShown the command's `why:` line (a failed ping's diagnosis) is already on screen
 * @returns one or two lines, without a trailing newline
 */
export function formatPrediction(p: Prediction, whyShown: boolean, c: ChalkInstance): string {
  const verdict = p.right
    ? c.green(`  ✔ You predicted: ${p.answer}. Right.`)
    : c.yellow(`  ✘ You predicted: ${p.answer}. It ${p.actual}.`);
  return p.why && !whyShown ? `${verdict}\n${c.dim('    why: ')}${p.why}` : verdict;
}
