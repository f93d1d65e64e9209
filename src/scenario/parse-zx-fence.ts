/**
 * A ```` ```zx ```` fence: a step block (```` ```zx ````, ```` ```zx {timeout=20s} ````, one that
 * only reads: ```` ```zx {observe} ````) or a
 * check block (```` ```zx {check} ````, ```` ```zx {check within=5s} ````), its script's syntax
 * checked by Node's parser at the Markdown line of the error.
 */
import type { Check } from '../check/model.js';
import { didYouMean } from '../util/closest.js';
import { MAX_DURATION_MS, MAX_DURATION_TEXT, parseDuration } from '../util/duration.js';
import { scriptSummary, scriptSyntaxError, scriptVariables, unnamedEnvReads } from '../zx/script-source.js';
import type { BlockBase, CheckBlock, ZxBlock } from './model.js';
import type { Attribute } from './parse-attributes.js';
import type { LocalProblem } from './problem.js';

/** Limit for one zx block, in ms, when it has no `timeout=`: 10 s (a script is a few commands). */
export const ZX_TIMEOUT_MS = 10_000;

/** Attributes a zx block takes. */
export const ZX_ATTRIBUTES = ['check', 'timeout', 'within', 'norun', 'observe'] as const;

/** Flags (no value), and which role each is for. */
const FLAGS = new Set(['check', 'norun', 'observe']);

/**
 * Parses a zx fence.
 * @param base the block's fields (`lang` is `zx`)
 * @param attributes as `parseAttributes` gave them; `column(a)` is an attribute's column in the file line
 * @param markupAt 0-based offset of the fence markup in its line (a container's prefix), for columns
 * @returns a `zx` block (step) or a `check` block holding one `zx` check; problems of rules
 *   `attribute` and `zx-syntax`, and warnings of rule `zx-env`
 */
export function parseZxFence(
  base: BlockBase,
  attributes: readonly Attribute[],
  column: (a: Attribute) => number,
  markupAt: number,
): { block: ZxBlock | CheckBlock; problems: LocalProblem[] } {
  const problems: LocalProblem[] = [];
  const at = (a: Attribute, message: string): void => {
    problems.push({ line: base.line, column: column(a), rule: 'attribute', message });
  };
  const isCheck = attributes.some((a) => a.key === 'check');
  let timeoutMs = ZX_TIMEOUT_MS;
  let withinMs: number | undefined;
  let norun = false;
  let observe = false;
  for (const a of attributes) {
    if (!(ZX_ATTRIBUTES as readonly string[]).includes(a.key)) {
      at(a, `unknown attribute "${a.key}" on a zx block${didYouMean(a.key, ZX_ATTRIBUTES) || ` (allowed: ${ZX_ATTRIBUTES.join(', ')}): a script fails by throwing, by a failed $ command or by fail("...")`}`);
    } else if (FLAGS.has(a.key)) {
      if (a.value !== undefined) at(a, `"${a.key}" is a flag and takes no value: write ${a.key}, not ${a.key}=${a.value}`);
      else if (a.key === 'norun' && isCheck) at(a, 'norun and check cannot be used together: a check block is always evaluated');
      else if (a.key === 'norun') norun = true;
      else if (a.key === 'observe' && isCheck) at(a, 'observe is for a zx step block that only reads (```zx {observe}```); a check block never changes state');
      else if (a.key === 'observe') observe = true;
    } else if (a.key === 'within' && !isCheck) {
      at(a, 'within applies to a zx check block ({check within=5s}); a step block retries with retry() in its script');
    } else {
      const ms = a.value === undefined ? undefined : parseDuration(a.value);
      if (ms === undefined || ms <= 0) at(a, `${a.key} must be a duration such as 5s, got ${a.value === undefined ? 'nothing' : `"${a.value}"`}`);
      else if (ms > MAX_DURATION_MS) at(a, `${a.key} must be at most ${MAX_DURATION_TEXT}, got "${a.value}"`);
      else if (a.key === 'timeout') timeoutMs = ms;
      else withinMs = ms;
    }
  }
  const firstLine = base.line + 1;
  const script = base.content.replace(/\n$/, '');
  if (script.trim() === '') problems.push({ line: base.line, column: markupAt + 1, rule: 'zx-syntax', message: 'zx block is empty: write the script between the fences' });
  const syntax = scriptSyntaxError(script, firstLine);
  if (syntax) problems.push({ line: syntax.line, column: markupAt + Math.max(1, syntax.column), rule: 'zx-syntax', message: `zx script does not parse: ${syntax.message}` });
  for (const index of unnamedEnvReads(script)) {
    problems.push({
      line: firstLine + index,
      column: markupAt + 1,
      rule: 'zx-env',
      severity: 'warning',
      message: "process.env used without naming a variable: nslab gives a script only the session's variables it names (process.env.ADDR, process.env['ADDR'], const { ADDR } = process.env); any other reads undefined",
    });
  }
  if (!isCheck) {
    const options = { expect: { exit: { kind: 'code' as const, code: 0 } }, timeoutMs, norun, background: false };
    return { block: { kind: 'zx', ...base, ...options, observe, command: { text: script, line: firstLine } }, problems };
  }
  const summary = scriptSummary(script);
  const check: Check = {
    source: `zx: ${summary}`,
    line: base.line,
    predicate: { kind: 'zx', script, firstLine, summary, variables: scriptVariables(script), timeoutMs },
    ...(withinMs !== undefined && { withinMs }),
  };
  return { block: { kind: 'check', ...base, checks: [check] }, problems };
}
