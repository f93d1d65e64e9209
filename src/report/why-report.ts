/**
 * `nslab why` in the terminal: the path as hops, each ✔ or ✘, the return path under a
 * `back:` line, and for a broken path the cause and the fix.
 */
import type { ChalkInstance } from 'chalk';
import { hopPath, nsLabel, type WhyResult } from '../diagnose/types.js';
import { undecidedWarning } from '../diagnose/unread-rules.js';
import { wrapMessage, type Piece } from '../util/wrap-words.js';

/**
 * The whole report.
 * @param result what {@link why} found.
 * @param c colours (a level-0 chalk for plain text).
 * @param width the terminal's width in columns: hops, warnings and the cause are wrapped to it
 *   at words with a hanging indent, and each fix command starts a line of its own, never broken
 *   (a student copies it). Undefined (a pipe, a file): one line each, for grep and logs.
 * @returns lines ending in `\n`: a title, the hops, then `Cause:`/`Fix:` or `path clear both ways`.
 */
export function formatWhy(result: WhyResult, c: ChalkInstance, width?: number): string {
  const wrapped = (prefix: string, text: string, indent: string, paint: Array<(t: string) => string> = []): string =>
    width === undefined ? prefix + paint.reduceRight((t, f) => f(t), text) : wrapMessage(prefix, [{ text, paint }], width, indent);
  const dst = result.address !== undefined && result.address !== result.dst ? `${result.dst} (${result.address})` : result.dst;
  const lines = [c.bold(`why ${nsLabel(result.src)} → ${dst}`)];
  let back = false;
  for (const hop of result.hops) {
    if (hop.direction === 'back' && !back) {
      lines.push(c.dim('  back:'));
      back = true;
    }
    const mark = hop.ok ? c.green('✔') : c.red('✘');
    lines.push(wrapped(`  ${mark} ${hopPath(hop)} `, `(${hop.detail})`, '      ', [c.dim]));
    for (const w of hop.warnings ?? []) {
      const prefix = `    ${c.yellow('⚠')} `;
      // The fix is a command a student copies: never broken inside.
      const fix: Piece[] = w.fix !== undefined ? [{ text: ' (', paint: [] }, { text: w.fix, paint: [], whole: true }, { text: ')', paint: [] }] : [];
      lines.push(width === undefined ? `${prefix}${w.because}${w.fix !== undefined ? ` (${w.fix})` : ''}` : wrapMessage(prefix, [{ text: w.because, paint: [] }, ...fix], width, '      '));
    }
  }
  if (result.tcp) {
    const accepted = result.tcp.outcome === 'accepted';
    const how = accepted ? 'accepted' : `${result.tcp.outcome}${result.tcp.message ? `: ${result.tcp.message}` : ''}`;
    lines.push(`  ${accepted ? c.green('✔') : c.red('✘')} tcp ${result.address ?? result.dst}:${result.tcp.port} ${c.dim(`(${how})`)}`);
  }
  if (result.explanation) {
    lines.push(wrapped(`${c.red('Cause:')} `, result.explanation.because, '       '));
    const fix = result.explanation.fix;
    if (fix !== undefined) lines.push(`${c.bold('Fix:')} ${fix.split('\n').join(`\n${' '.repeat(5)}`)}`);
  } else {
    const what = result.tcp ? 'path clear both ways, connection accepted' : 'path clear both ways';
    // What nslab cannot decide may break it: no green "clear" for that (the ⚠ above names it).
    const doubt = undecidedWarning(result);
    const said = doubt
      ? c.yellow(doubt.cause === 'iptables-legacy'
        ? `${what} as far as nslab reads the rules, but ${nsLabel(doubt.ns)} has iptables-legacy rules (⚠ above)`
        : `${what} as far as nslab can decide (⚠ above)`)
      : c.green(what);
    lines.push(said + c.dim(` (${Math.round(result.durationMs)} ms)`));
  }
  return lines.map((l) => `${l}\n`).join('');
}
