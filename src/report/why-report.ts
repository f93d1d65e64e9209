/**
 * `nslab why` in the terminal: the path as hops, each ✔ or ✘, the return path under a
 * `back:` line, and for a broken path the cause and the fix.
 */
import type { ChalkInstance } from 'chalk';
import { hopPath, nsLabel, type Hop, type WhyResult } from '../diagnose/types.js';
import { legacyWarning } from '../diagnose/unread-rules.js';

/** One hop: `✔ H1 → R via H1-eth0 (10.0.1.2 → gw 10.0.1.1)`; `?` where no next namespace was found. */
export function formatHop(hop: Hop, c: ChalkInstance): string {
  const mark = hop.ok ? c.green('✔') : c.red('✘');
  return `${mark} ${hopPath(hop)} ${c.dim(`(${hop.detail})`)}`;
}

/**
 * The whole report.
 * @param result what {@link why} found.
 * @param c colours (a level-0 chalk for plain text).
 * @returns lines ending in `\n`: a title, the hops, then `Cause:`/`Fix:` or `path clear both ways`.
 */
export function formatWhy(result: WhyResult, c: ChalkInstance): string {
  const dst = result.address !== undefined && result.address !== result.dst ? `${result.dst} (${result.address})` : result.dst;
  const lines = [c.bold(`why ${nsLabel(result.src)} → ${dst}`)];
  let back = false;
  for (const hop of result.hops) {
    if (hop.direction === 'back' && !back) {
      lines.push(c.dim('  back:'));
      back = true;
    }
    lines.push(`  ${formatHop(hop, c)}`);
    for (const w of hop.warnings ?? []) lines.push(`    ${c.yellow('⚠')} ${w.because}${w.fix !== undefined ? c.dim(` (${w.fix})`) : ''}`);
  }
  if (result.tcp) {
    const accepted = result.tcp.outcome === 'accepted';
    const how = accepted ? 'accepted' : `${result.tcp.outcome}${result.tcp.message ? `: ${result.tcp.message}` : ''}`;
    lines.push(`  ${accepted ? c.green('✔') : c.red('✘')} tcp ${result.address ?? result.dst}:${result.tcp.port} ${c.dim(`(${how})`)}`);
  }
  if (result.explanation) {
    lines.push(`${c.red('Cause:')} ${result.explanation.because}`);
    if (result.explanation.fix !== undefined) lines.push(`${c.bold('Fix:')} ${result.explanation.fix}`);
  } else {
    const what = result.tcp ? 'path clear both ways, connection accepted' : 'path clear both ways';
    // Rules nslab does not read may break it: no green "clear" for that (the ⚠ above names them).
    const legacy = legacyWarning(result);
    const said = legacy ? c.yellow(`${what} as far as nslab reads the rules, but ${nsLabel(legacy.ns)} has iptables-legacy rules (⚠ above)`) : c.green(what);
    lines.push(said + c.dim(` (${Math.round(result.durationMs)} ms)`));
  }
  return lines.map((l) => `${l}\n`).join('');
}
