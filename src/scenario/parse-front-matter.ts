/**
 * Splitting a scenario file into its YAML front matter and its Markdown body.
 */
import matter from 'gray-matter';
import type { ScenarioMeta } from './model.js';
import type { LocalProblem } from './problem.js';
import { validateMeta } from './validate-meta.js';
import { locateYamlError, type YamlError } from './yaml-error.js';

/** Most values (scalars, lists, mappings, each alias use counted again) the front matter may hold. */
export const MAX_YAML_NODES = 10_000;

/** A file split into front matter and body. */
export interface FrontMatter {
  /** The validated front matter; undefined when it is missing or has any problem. */
  meta?: ScenarioMeta;
  /** The Markdown after the closing `---` (the whole file when there is no front matter). */
  body: string;
  /** Lines of the file before the body: body line `i` (0-based) is file line `i + 1 + bodyLineOffset`. */
  bodyLineOffset: number;
  /** Problems, rule `front-matter`, located in the file. */
  problems: LocalProblem[];
  /** True when the front matter is never closed, so there is no body to speak of. */
  unclosed?: boolean;
}

/**
 * Parses and validates the front matter of a scenario file.
 * @param source the whole file, with `\n` line ends.
 * @returns meta, body, body line offset and problems; never throws for bad input.
 */
export function parseFrontMatter(source: string): FrontMatter {
  const lines = source.split('\n');
  const fm = (line: number, message: string, column = 1): LocalProblem => ({ line, column, rule: 'front-matter', message });
  if (!/^---[ \t]*$/.test(lines[0] ?? '')) {
    return { body: source, bodyLineOffset: 0, problems: [fm(1, 'front matter with a title is required (a first line "---", then "title: ...", then "---")')] };
  }
  const close = lines.findIndex((l, i) => i > 0 && /^---[ \t]*$/.test(l));
  if (close === -1) {
    const problems = [fm(1, 'front matter opened on line 1 is not closed by a "---" line')];
    return { body: '', bodyLineOffset: lines.length, problems, unclosed: true };
  }
  // Key lines are looked up in the raw text because YAML data has no positions.
  const keyLine = (key: string): number => {
    if (key === '') return 2;
    const re = new RegExp(`^(["']?)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1[ \\t]*:`);
    const i = lines.findIndex((l, n) => n > 0 && n < close && re.test(l));
    return i === -1 ? 1 : i + 1;
  };
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Options (even empty) turn off gray-matter's cache, which would share objects between calls.
    parsed = matter(source, {});
  } catch (err) {
    const { line, column, message } = locateYamlError(err as YamlError, lines, close);
    return {
      body: lines.slice(close + 1).join('\n'),
      bodyLineOffset: close + 1,
      problems: [fm(line, message, column)],
    };
  }
  if (expandsBeyond(parsed.data, MAX_YAML_NODES)) {
    // A "billion laughs": js-yaml shares aliased nodes, so parsing is quick, but anything that
    // walks the data (validation, a message showing a value) would expand them and run out of
    // memory or time. No real front matter comes near the limit.
    const alias = lines.findIndex((l, n) => n > 0 && n < close && /(^|[\s,[{:-])\*[^\s,\]}]/.test(l));
    const message = `front matter: the YAML expands to more than ${MAX_YAML_NODES} values (aliases repeating aliases?); write the values out instead`;
    return { body: lines.slice(close + 1).join('\n'), bodyLineOffset: close + 1, problems: [fm(alias === -1 ? 2 : alias + 1, message)] };
  }
  const body = parsed.content;
  const before = source.slice(0, source.length - body.length);
  const bodyLineOffset = source.endsWith(body) ? before.split('\n').length - 1 : close + 1;
  const { meta, problems } = validateMeta(parsed.data, keyLine);
  return meta ? { meta, body, bodyLineOffset, problems } : { body, bodyLineOffset, problems };
}

/**
 * True when walking `value` — following every alias again, as JSON.stringify or a validator
 * would — visits more than `limit` nodes. Stops as soon as it knows, so a YAML bomb of 10^9
 * expanded nodes (or a cycle) costs `limit` steps.
 */
export function expandsBeyond(value: unknown, limit: number): boolean {
  const stack: unknown[] = [value];
  let seen = 0;
  while (stack.length > 0) {
    if (++seen > limit) return true;
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || v instanceof Date) continue;
    // One push at a time: spreading a list of a million items would overflow the call stack.
    for (const child of Object.values(v)) {
      if (seen + stack.length >= limit) return true;
      stack.push(child);
    }
  }
  return false;
}
