/**
 * Reading a student's JSON report for `nslab grade`: parsed, and checked for what grading needs
 * (the full shape is docs/report.schema.json), with a message naming the file and line.
 */
import { readFile, realpath } from 'node:fs/promises';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../report/run-report.js';

/** A report read, or why it could not be. */
export type ReadReport = { ok: true; file: string; report: RunReport } | { ok: false; file: string; problem: string };

/** `LINE:COL` of a character offset, 1-based. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** Characters V8 shows on each side of a bad token in its "is not valid JSON" message. */
const V8_CONTEXT = 10;

/**
 * Where JSON.parse stopped, and why, from its error message — without the copy of the input
 * V8 puts in some messages. V8 (src/json/json-parser.cc, ReportUnexpectedToken) writes either
 * `... in JSON at position N` (Node 22 adds ` (line L column C)`), `Unexpected end of JSON
 * input`, or `Unexpected token 'T', "SNIPPET" is not valid JSON` where the snippet is the whole
 * input when it is at most 21 characters, else up to 10 characters each side of the token,
 * marked `...` where cut: the token's offset follows from which side was cut.
 * @param text the input given to JSON.parse
 * @param message its error's message
 * @returns the offset in `text` (UTF-16 units, as V8 counts) when it can be told, and the
 *   reason in lower case, e.g. `unexpected token '<'`
 */
export function jsonErrorAt(text: string, message: string): { offset?: number; reason: string } {
  const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
  const at = /^(.*?) at position (\d+)/s.exec(message);
  if (at) return { offset: Number(at[2]), reason: lower(at[1]!.replace(/ in JSON$/, '')) };
  if (/^Unexpected end of JSON input/.test(message)) return { offset: text.length, reason: 'unexpected end of input' };
  const token = /^Unexpected token '(.+?)', (\.\.\.)?"(.*)"(\.\.\.)? is not valid JSON$/s.exec(message);
  if (!token) return { reason: lower(message.split(', "')[0]!) };
  const [, t, cutBefore, snippet, cutAfter] = token as unknown as [string, string, string | undefined, string, string | undefined];
  let offset: number;
  if (!cutBefore && cutAfter) offset = snippet.length - V8_CONTEXT;
  else if (cutBefore && !cutAfter) offset = text.length - snippet.length + V8_CONTEXT;
  else if (cutBefore && cutAfter) {
    let start = text.indexOf(snippet);
    while (start !== -1 && !text.startsWith(t, start + V8_CONTEXT)) start = text.indexOf(snippet, start + 1);
    offset = start === -1 ? -1 : start + V8_CONTEXT;
  } else offset = text.indexOf(t); // the whole input is shown: the first such character
  // Cross-check: the token must be at the offset, else the first one in the text will do.
  if (!text.startsWith(t, offset)) offset = text.indexOf(t);
  return { ...(offset >= 0 ? { offset } : {}), reason: `unexpected token '${t}'` };
}

/** The first thing grading needs that the parsed value lacks, or undefined when it has it all. */
function missing(data: Partial<RunReport>): string | undefined {
  if (data.schemaVersion !== REPORT_SCHEMA_VERSION) return `schemaVersion ${REPORT_SCHEMA_VERSION} (an nslab report of this version)`;
  if (typeof data.scenario?.sha256 !== 'string' || typeof data.scenario.title !== 'string') return 'scenario.title and scenario.sha256';
  if (!Array.isArray(data.steps) || data.steps.some((s) => typeof s?.number !== 'number' || typeof s.status !== 'string')) {
    return 'steps, each with a number and a status';
  }
  if (typeof data.durationMs !== 'number' || typeof data.finished !== 'string') return 'durationMs and finished';
  return undefined;
}

/**
 * @param file the report's path
 * @returns the report, or a problem such as `alice.json:3:5: not valid JSON: ...` or
 *   `bob.json: not an nslab report: expected steps, each with a number and a status`
 */
export async function readReport(file: string): Promise<ReadReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, file, problem: `${file}: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const { offset, reason } = jsonErrorAt(text, (error as Error).message);
    return { ok: false, file, problem: `${file}${offset === undefined ? '' : `:${lineColumn(text, offset)}`}: not valid JSON: ${reason}` };
  }
  const lack = typeof data === 'object' && data !== null ? missing(data as Partial<RunReport>) : 'a JSON object';
  if (lack) return { ok: false, file, problem: `${file}: not an nslab report: expected ${lack}` };
  return { ok: true, file, report: data as RunReport };
}

/**
 * Reads every report given, each file once: a file named twice (`a.json ./a.json`, a link to
 * it, two overlapping globs) is read at its first mention only, compared by real path
 * (realpath(3)); a file that cannot be resolved is compared by its name as given.
 * @param files the paths given on the command line
 * @returns one entry per distinct file, in the order given (see {@link readReport})
 */
export async function readReports(files: readonly string[]): Promise<ReadReport[]> {
  const real = await Promise.all(files.map((f) => realpath(f).catch(() => f)));
  const distinct = files.filter((_, i) => real.indexOf(real[i]!) === i);
  return Promise.all(distinct.map(readReport));
}
