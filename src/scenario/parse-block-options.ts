/**
 * Validating the attributes of a run or transcript block into `BlockOptions`.
 */
import { MAX_DURATION_MS, MAX_DURATION_TEXT, parseDuration } from '../util/duration.js';
import { didYouMean } from '../util/closest.js';
import { LANG_KINDS } from './languages.js';
import type { BlockOptions, ExitExpectation } from './model.js';
import type { Attribute } from './parse-attributes.js';

/** Attributes run and transcript blocks accept. */
export const BLOCK_ATTRIBUTES = ['exit', 'output', 'no-output', 'match', 'timeout', 'retry', 'norun', 'background'] as const;

const FLAGS = new Set(['norun', 'background']);

/** A problem with one attribute; `column` is the attribute's column as given by `parseAttributes`. */
export interface AttributeProblem {
  message: string;
  column: number;
}

/**
 * Why each attribute means nothing on a `background` block: the command is started and left
 * running, never awaited, so there is no exit status or output to check and nothing to retry.
 */
const NOT_WITH_BACKGROUND: Record<string, string> = {
  exit: 'its exit status cannot be checked',
  output: 'its output cannot be checked',
  'no-output': 'its output cannot be checked',
  match: 'its output cannot be checked',
  timeout: 'it is never stopped for taking too long (it runs until the end of the run)',
  retry: 'it is never retried',
};

/**
 * Builds block options from attributes, reporting every bad attribute and every contradictory
 * combination (`background` with an expectation, `timeout` or `retry`; `background` on a transcript).
 * @param attributes as returned by `parseAttributes`.
 * @param lang the block's language, lower-cased (`sh`, `console`, ...); it tells transcripts apart.
 * @returns the options (defaults where an attribute is absent or bad: exit 0, not norun, not
 *   background) and the problems.
 */
export function parseBlockOptions(
  attributes: readonly Attribute[],
  lang = 'sh',
): { options: BlockOptions; problems: AttributeProblem[] } {
  const options: BlockOptions = { expect: { exit: { kind: 'code', code: 0 } }, norun: false, background: false };
  const problems: AttributeProblem[] = [];
  for (const { key, value, column } of attributes) {
    const fail = (message: string): void => {
      problems.push({ message, column });
    };
    if (!(BLOCK_ATTRIBUTES as readonly string[]).includes(key)) {
      fail(`unknown attribute "${key}"${didYouMean(key, BLOCK_ATTRIBUTES) || ` (allowed: ${BLOCK_ATTRIBUTES.join(', ')})`}`);
      continue;
    }
    if (FLAGS.has(key)) {
      if (value !== undefined) fail(`"${key}" is a flag and takes no value: write ${key}, not ${key}=${value}`);
      else if (key === 'norun') options.norun = true;
      else options.background = true;
      continue;
    }
    if (value === undefined) {
      fail(`"${key}" needs a value, e.g. ${example(key)}`);
      continue;
    }
    switch (key) {
      case 'exit': {
        const exit = parseExit(value);
        if (exit) options.expect.exit = exit;
        else fail(`exit must be 0, nonzero, any or a status 0-255, got "${value}"`);
        break;
      }
      case 'output':
        options.expect.output = value;
        break;
      case 'no-output':
        options.expect.noOutput = value;
        break;
      case 'match':
        try {
          options.expect.match = new RegExp(value);
        } catch (err) {
          fail(`match is not a valid regular expression: ${(err as Error).message}`);
        }
        break;
      default: {
        const ms = parseDuration(value);
        if (ms === undefined || ms <= 0) fail(`${key} must be a duration such as 5s, got "${value}"`);
        else if (ms > MAX_DURATION_MS) fail(`${key} must be at most ${MAX_DURATION_TEXT}, got "${value}"`);
        else if (key === 'timeout') options.timeoutMs = ms;
        else options.retryMs = ms;
      }
    }
  }
  if (options.background) problems.push(...backgroundConflicts(attributes, options, lang));
  return { options, problems };
}

/** The problems of a `background` block: each attribute that contradicts it. */
function backgroundConflicts(attributes: readonly Attribute[], options: BlockOptions, lang: string): AttributeProblem[] {
  const column = attributes.find((a) => a.key === 'background')?.column ?? 1;
  if (LANG_KINDS[lang] === 'transcript') {
    // Only this one is reported: removing `background` is the fix, and it settles the rest too.
    return [{ message: `background cannot be used on a ${lang} block: a transcript's output must be awaited to be compared`, column }];
  }
  const problems: AttributeProblem[] = [];
  if (options.norun) problems.push({ message: 'norun and background cannot be used together', column });
  for (const a of attributes) {
    const why = NOT_WITH_BACKGROUND[a.key];
    if (why) {
      problems.push({ message: `${a.key} and background cannot be used together: a background command is not awaited, so ${why}`, column: a.column });
    }
  }
  return problems;
}

/** `0|nonzero|any|N` → expectation; undefined when invalid. */
function parseExit(value: string): ExitExpectation | undefined {
  if (value === 'nonzero') return { kind: 'nonzero' };
  if (value === 'any') return { kind: 'any' };
  if (!/^\d{1,3}$/.test(value)) return undefined;
  const code = Number(value);
  return code <= 255 ? { kind: 'code', code } : undefined;
}

function example(key: string): string {
  const examples: Record<string, string> = {
    exit: 'exit=nonzero',
    output: 'output="64 bytes from"',
    'no-output': 'no-output="unreachable"',
    match: 'match="ttl=\\d+"',
    timeout: 'timeout=5s',
    retry: 'retry=5s',
  };
  return examples[key] ?? `${key}=...`;
}
