/**
 * How a command's output is shown while it streams: the first lines as they arrive, then only a
 * count of what was left out and the last lines, so megabytes never flood the screen. Hidden
 * output is handled a chunk at a time with native string search: it can be millions of lines
 * (`yes | head -c 20M`). Control characters are shown escaped (`\x1b`), never sent raw.
 */

/** Lines of a command's output shown as they arrive. */
export const DISPLAY_HEAD = 100;
/** Lines shown from the end of a longer output. */
export const DISPLAY_TAIL = 20;

/**
 * Control characters but `\n` and `\t`: C0 (NUL, BEL, backspace, `\r`, ESC ...), DEL, and C1
 * (U+0080-U+009F; U+009B is a one-character CSI to some terminals). Written raw they would let a
 * command's output move the cursor, clear the screen, retitle the window or change colours for
 * the rest of the run (ECMA-48); valid UTF-8 text is none of these.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Makes control characters visible, so command output cannot drive the terminal.
 * @param text output as decoded (invalid UTF-8 is already U+FFFD).
 * @returns the text with each control character but `\n` and `\t` written as `\xNN`
 *   (`\x1b[31m` for a colour sequence, `\x00` for NUL); everything else unchanged.
 */
export function visibleControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** What to write, and whether the cursor is then at the start of a line. */
export interface Rendered {
  text: string;
  atLineStart: boolean;
}

/** The output of one command; make a new one per command. */
export class OutputView {
  private linesShown = 0;
  private hiddenNewlines = 0;
  private hidden = '';

  /**
   * @param gutter put before every shown line (e.g. a dim `│ `)
   * @param head lines shown as they arrive before the rest is held back (Infinity: all, for `--demo`)
   */
  constructor(
    private readonly gutter: string,
    private readonly head = DISPLAY_HEAD,
  ) {}

  /** A chunk as it arrives; `atLineStart` is where the cursor is before it. */
  stream(chunk: string, atLineStart: boolean): Rendered {
    let pos = 0;
    let text = '';
    while (pos < chunk.length && this.linesShown < this.head) {
      const newline = chunk.indexOf('\n', pos);
      const end = newline === -1 ? chunk.length : newline + 1;
      if (atLineStart) text += this.gutter;
      text += visibleControls(chunk.slice(pos, end));
      atLineStart = newline !== -1;
      if (atLineStart) this.linesShown++;
      pos = end;
    }
    if (pos < chunk.length) {
      const rest = pos === 0 ? chunk : chunk.slice(pos);
      this.hiddenNewlines += countNewlines(rest);
      this.hidden = lastLines(this.hidden + rest, DISPLAY_TAIL);
    }
    return { text, atLineStart };
  }

  /**
   * At the end of the command: when lines were held back, how many were left out, then the last ones.
   * @param dim styles the "not shown" note
   */
  end(atLineStart: boolean, dim: (s: string) => string): Rendered {
    if (!this.hidden) return { text: '', atLineStart };
    const lines = this.hidden.endsWith('\n') ? this.hidden : this.hidden + '\n';
    const hiddenLines = this.hiddenNewlines + (this.hidden.endsWith('\n') ? 0 : 1);
    const skipped = hiddenLines - countNewlines(lines);
    let text = atLineStart ? '' : '\n';
    if (skipped > 0) text += this.gutter + dim(`… ${skipped} more line${skipped === 1 ? '' : 's'} not shown …`) + '\n';
    text += visibleControls(lines).replace(/^/gm, this.gutter).slice(0, -this.gutter.length);
    return { text, atLineStart: true };
  }
}

/** How many `\\n` the text holds. */
export function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** The last `n` lines of `text` (a trailing newline does not start a line). */
export function lastLines(text: string, n: number): string {
  let pos = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let i = 0; i < n; i++) {
    if (pos <= 0) return text;
    pos = text.lastIndexOf('\n', pos - 1);
    if (pos === -1) return text;
  }
  return text.slice(pos + 1);
}

