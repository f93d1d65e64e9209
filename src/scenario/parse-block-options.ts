/**
 * Validating the attributes of a run or transcript block into `BlockOptions`.
 */
import { parseDuration } from '../util/duration.js';
import { didYouMean } from '../util/closest.js';
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
 * Builds block options from attributes, reporting every bad attribute.
 * @param attributes as returned by `parseAttributes`.
 * @returns the options (defaults where an attribute is absent or bad: exit 0, not norun, not
 *   background) and the problems.
 */
export function parseBlockOptions(attributes: readonly Attribute[]): { options: BlockOptions; problems: AttributeProblem[] } {
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
        else if (key === 'timeout') options.timeoutMs = ms;
        else options.retryMs = ms;
      }
    }
  }
  if (options.norun && options.background) {
    const at = attributes.find((a) => a.key === 'background');
    problems.push({ message: 'norun and background cannot be used together', column: at?.column ?? 1 });
  }
  return { options, problems };
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
