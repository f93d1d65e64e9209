/**
 * Locating a js-yaml error in the scenario file. js-yaml marks the place where it noticed the
 * problem; for an unclosed `[`, `{` or quote that is the next line (or the end of the front
 * matter), so those are reported at the opener, which is what the author has to fix.
 */

/** The error js-yaml throws (through gray-matter). */
export interface YamlError {
  reason?: string;
  message: string;
  /** 0-based line and column in the YAML text. */
  mark?: { line: number; column: number };
}

/** A located front-matter problem: 1-based file line and column, and the message. */
export interface YamlProblem {
  line: number;
  column: number;
  message: string;
}

/** A flow collection or quoted scalar still open at the end of the front matter. */
interface Opener {
  opener: string;
  line: number;
  column: number;
}

/**
 * Locates a YAML error.
 * @param err what gray-matter threw.
 * @param lines the file's lines; line 1 is the opening `---`, `close` (0-based) the closing one.
 * @returns where to report it, with a message starting `front matter: invalid YAML:`.
 */
export function locateYamlError(err: YamlError, lines: readonly string[], close: number): YamlProblem {
  const reason = err.reason ?? err.message;
  // gray-matter hands js-yaml the text after the opening `---`, starting with the rest of
  // line 1, so YAML line k (0-based) is file line k + 1 (1-based). Checked against js-yaml for
  // a duplicate key, bad indentation and a tab, which it marks where the fault is.
  const line = err.mark ? Math.min(err.mark.line + 1, close + 1) : 2;
  const column = err.mark ? err.mark.column + 1 : 1;
  const open = findOpen(lines, close);
  const opener = /flow collection/.test(reason) ? open.flow : /quoted scalar/.test(reason) ? open.quote : undefined;
  if (opener && (opener.line < line || (opener.line === line && opener.column < column))) {
    const what = opener.opener === '[' || opener.opener === '{'
      ? `"${opener.opener}" is not closed by "${opener.opener === '[' ? ']' : '}'}"`
      : `the quoted text starting here is not closed by ${opener.opener}`;
    const message = `front matter: invalid YAML: ${what} (the YAML parser stopped on line ${line}: ${reason})`;
    return { line: opener.line, column: opener.column, message };
  }
  return { line, column, message: `front matter: invalid YAML: ${reason}` };
}

/**
 * Scans the front matter (file lines 2 to `close`) for the innermost flow collection and the
 * quoted scalar left open at its end. Just enough YAML to do that: `[`/`{` and quotes count only
 * where a value starts (so `it's` in a plain scalar opens nothing), `#` after a blank starts a
 * comment, and the content of `|`/`>` block scalars (a cleanup script) is skipped.
 */
function findOpen(lines: readonly string[], close: number): { flow?: Opener; quote?: Opener } {
  const flows: Opener[] = [];
  let quote: Opener | undefined;
  let blockIndent: number | undefined;
  for (let n = 1; n < close; n++) {
    const text = lines[n]!;
    const indent = /^ */.exec(text)![0].length;
    if (blockIndent !== undefined && !quote) {
      if (text.trim() === '' || indent > blockIndent) continue;
      blockIndent = undefined;
    }
    let valueStart = true;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const spaceAfter = i + 1 === text.length || /\s/.test(text[i + 1]!);
      if (quote) {
        // `\"` in double quotes and `''` in single quotes do not close them.
        if (quote.opener === '"' && c === '\\') i++;
        else if (c === "'" && quote.opener === "'" && text[i + 1] === "'") i++;
        else if (c === quote.opener) {
          quote = undefined;
          valueStart = false;
        }
        continue;
      }
      if (c === ' ' || c === '\t') continue;
      if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) break;
      const at = { opener: c, line: n + 1, column: i + 1 };
      if (valueStart && (c === '"' || c === "'")) quote = at;
      else if (valueStart && (c === '[' || c === '{')) flows.push(at);
      else if (valueStart && flows.length === 0 && (c === '|' || c === '>')) {
        blockIndent = indent;
        break;
      } else if (c === '-' && valueStart && spaceAfter) {
        // A sequence entry: a value starts after it.
      } else {
        const inFlow = flows.length > 0;
        if (inFlow && (c === ']' || c === '}')) flows.pop();
        valueStart = (inFlow && c === ',') || (c === ':' && spaceAfter);
      }
    }
  }
  return { flow: flows.at(-1), quote };
}
