/**
 * The terminal's output kept for a page that connects later (a reload, a second tab): the
 * last `limit` characters, so that a long session cannot grow the server without bound.
 */

/** A capped text buffer (see the module comment). */
export class Scrollback {
  private text = '';

  /** @param limit characters kept, at least (default 256 Ki: about 3,000 lines of 80 columns) */
  constructor(private readonly limit = 256 * 1024) {}

  /** Appends output; beyond the limit the oldest text goes, from the start of a line on. */
  append(data: string): void {
    this.text += data;
    if (this.text.length <= this.limit) return;
    const cut = this.text.length - this.limit;
    // Cut at a line's start where there is one near: a cut inside an escape sequence would
    // show as garbage on the replayed screen.
    const newline = this.text.indexOf('\n', cut);
    this.text = this.text.slice(newline >= 0 && newline - cut < 4096 ? newline + 1 : cut);
  }

  /** Forgets everything (a restart's fresh terminal). */
  clear(): void {
    this.text = '';
  }

  /** The text kept. */
  get content(): string {
    return this.text;
  }
}
