/**
 * Splitting a scenario file into its YAML front matter and its Markdown body.
 */
import matter from 'gray-matter';
import type { ScenarioMeta } from './model.js';
import type { LocalProblem } from './problem.js';
import { validateMeta } from './validate-meta.js';
import { locateYamlError, type YamlError } from './yaml-error.js';

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
  const body = parsed.content;
  const before = source.slice(0, source.length - body.length);
  const bodyLineOffset = source.endsWith(body) ? before.split('\n').length - 1 : close + 1;
  const { meta, problems } = validateMeta(parsed.data, keyLine);
  return meta ? { meta, body, bodyLineOffset, problems } : { body, bodyLineOffset, problems };
}
