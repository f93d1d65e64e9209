/**
 * How a zx block's script becomes JavaScript: wrapped in an async function (so that it may
 * `await` at its top level without being an ES module), compiled by Node's own parser with line
 * numbers that are the Markdown file's. Shared by lint (syntax only, no zx loaded) and by the
 * runner that executes it (src/zx/zx-runner.ts).
 */
import vm from 'node:vm';
import { unclosedOpener } from './unclosed-opener.js';

/**
 * The names a script sees as variables: zx's own (`$`, `within`, `retry`, `sleep`, `fs`,
 * `path`, `echo`, `quote`, `os`), nslab's (`ns`, `fail`) and `require` (an `import` statement
 * needs an ES module; `require('node:dns')` does the same here).
 */
export const SCRIPT_GLOBALS = ['$', 'ns', 'fail', 'within', 'retry', 'sleep', 'fs', 'path', 'echo', 'quote', 'os', 'require'] as const;

/** The function body the script is wrapped in: one line before it, one after. */
export function wrapScript(script: string): string {
  return `return (async () => {\n${script}\n})();`;
}

/**
 * The `lineOffset` that makes V8 number the script's lines as the Markdown file does: the
 * wrapper's first line is the fence's own line.
 * @param firstLine the Markdown line of the script's first line (the line after the fence)
 */
export function lineOffsetOf(firstLine: number): number {
  return firstLine - 2;
}

/** Where a script does not parse, in the Markdown file. */
export interface ScriptSyntaxError {
  /** 1-based Markdown line (for a script that ends with something open: where it opens). */
  line: number;
  /** 1-based column in that line of the script (0 when V8 gave none). */
  column: number;
  message: string;
}

/**
 * Parses a script without running it (vm.compileFunction only compiles).
 * @param script the block's content
 * @param firstLine Markdown line of its first line
 * @returns undefined when it parses; else where and why: V8's message (`Unexpected token ')'`),
 *   with a hint for an `import` statement; for a bracket, quote, template or comment never
 *   closed, where it opens (V8 reports it at the script's end)
 */
export function scriptSyntaxError(script: string, firstLine: number): ScriptSyntaxError | undefined {
  try {
    vm.compileFunction(wrapScript(script), [...SCRIPT_GLOBALS], { filename: 'zx', lineOffset: lineOffsetOf(firstLine) });
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // V8's stack of a SyntaxError starts "FILENAME:LINE", the source line, then a caret line.
    const [where = '', , caret = ''] = (error.stack ?? '').split('\n');
    const line = Number(/^zx:(\d+)$/.exec(where)?.[1] ?? firstLine);
    const hat = caret.indexOf('^');
    // Past the script's last line is the wrapper's closing line: the closing fence's.
    const atEnd = line >= firstLine + script.split('\n').length;
    if (/import statement/.test(error.message)) {
      return { line, column: hat + 1, message: `${error.message}: a zx block is no ES module; use require('node:...') or the globals ($, fs, path, os...)` };
    }
    if (!atEnd) return { line, column: hat + 1, message: error.message };
    // V8's message there ("Unexpected token '}'") is about the wrapper's brace, not the script.
    const open = unclosedOpener(script);
    if (open === undefined) return { line, column: hat + 1, message: `${error.message}: a quote, template, bracket or brace the script opens is never closed` };
    return { line: firstLine + open.line, column: open.column, message: `${describeOpener(open.text)} opened here is never closed` };
  }
}

/** `the '['`, `the template literal '`'`: an opening as the syntax error names it. */
function describeOpener(text: string): string {
  const what = text === '`' ? 'template literal ' : text === '/*' ? 'comment ' : text === '"' || text === "'" ? 'string ' : '';
  return `the ${what}'${text}'`;
}

/**
 * What a check script checks, in words: the text of its first `//` comment line (so an author
 * writes `// blue's address is the prefix plus the EUI-64 of its MAC`), else its first line of code.
 */
export function scriptSummary(script: string): string {
  const first = script.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  const text = first.startsWith('//') ? first.replace(/^\/\/+\s*/, '') : first;
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** A shell variable's name, as bash takes it. */
const NAME = '[A-Za-z_][A-Za-z0-9_]*';

/** `process.env.NAME`, `process.env['NAME']`: group 1 or 3 is the name. */
const NAMED_READ = new RegExp(`process\\.env(?:\\.(${NAME})|\\[\\s*(['"\`])(${NAME})\\2\\s*\\])`, 'g');

/** `{ A, B: b, C = 'x' } = process.env` (no nested braces): group 1 is the pattern's inside. */
const DESTRUCTURING = /\{([^{}]*)\}\s*=\s*process\.env\b(?!\s*[.[])/g;

/** The names a destructuring pattern's inside takes; undefined when one is not a plain name (`...rest`, a computed key). */
function destructuredNames(inside: string): string[] | undefined {
  const names: string[] = [];
  for (const entry of inside.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const key = new RegExp(`^(?:(${NAME})|(['"])(${NAME})\\2)\\s*(?:[:=]|$)`).exec(entry);
    if (!key) return undefined;
    names.push((key[1] ?? key[3])!);
  }
  return names;
}

/**
 * What a step script did, for the line that ends it after its output: `zx: ` and the text of
 * its first line when that is a `//` comment (`zx: give A its addresses`), else `zx script`.
 */
export function stepScriptLabel(script: string): string {
  const first = script.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  return first.startsWith('//') ? `zx: ${scriptSummary(script)}` : 'zx script';
}

/**
 * The shell variables a script reads, written `process.env.NAME`, `process.env['NAME']` or
 * `const { NAME, OTHER: x } = process.env` (names as bash takes them), in first-use order:
 * nslab reads them from the scenario's shell session, as it does for a check line's `$NAME`.
 */
export function scriptVariables(script: string): string[] {
  const found: { at: number; name: string }[] = [];
  for (const m of script.matchAll(NAMED_READ)) found.push({ at: m.index, name: (m[1] ?? m[3])! });
  for (const m of script.matchAll(DESTRUCTURING)) for (const name of destructuredNames(m[1]!) ?? []) found.push({ at: m.index, name });
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.name))];
}

/**
 * Where a script uses `process.env` in a way that names no variable (`process.env[name]`,
 * `const env = process.env`, `{ ...rest } = process.env`): such a variable is not passed to it
 * (nslab passes only those {@link scriptVariables} finds), so it reads undefined.
 * @returns 0-based line indexes in the script, one per use, in order
 */
export function unnamedEnvReads(script: string): number[] {
  const named = new Set<number>();
  for (const m of script.matchAll(NAMED_READ)) named.add(m.index);
  for (const m of script.matchAll(DESTRUCTURING)) if (destructuredNames(m[1]!)) named.add(m.index + m[0].lastIndexOf('process.env'));
  return [...script.matchAll(/\bprocess\.env\b/g)].filter((m) => !named.has(m.index)).map((m) => script.slice(0, m.index).split('\n').length - 1);
}
