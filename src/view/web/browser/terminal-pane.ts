/**
 * The lesson page's terminal: xterm.js fitted to its pane by the fit add-on, again whenever the
 * pane changes size (a ResizeObserver: the window, the presenter toggle, the narrow layout), and
 * the new size in cells reported so the server can resize the pty. Its links do nothing.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';

/** The terminal's font size in px, normally and in presenter mode (at least 20 px to read from the back of a room). */
export const FONT_SIZE = { normal: 14, present: 22 } as const;

/** A row's height as a multiple of the font size: room under the baseline for `_`. */
export const LINE_HEIGHT = 1.2;

/** The terminal of the page, as the rest of the page uses it. */
export interface TerminalPane {
  terminal: Terminal;
  /** Fits the terminal to its pane now (and reports the size when it changed). */
  fit(): void;
  /** Presenter mode's large type, or the normal size; fits again. */
  setPresent(present: boolean): void;
}

/**
 * @param host the element the terminal fills
 * @param present whether to start with presenter mode's type size
 * @param resized called with the size in cells after each fit that changed it
 */
export function openTerminal(host: HTMLElement, present: boolean, resized: (cols: number, rows: number) => void): TerminalPane {
  const terminal = new Terminal({
    fontSize: present ? FONT_SIZE.present : FONT_SIZE.normal,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    // At 1.0 a row is exactly the font's height and the renderer clips each row to it: an
    // underscore, drawn below the baseline, fell outside (`ip_forward` read as `ip forward`).
    lineHeight: LINE_HEIGHT,
    cursorBlink: true,
    scrollback: 5000,
    convertEol: false,
    theme: { background: '#1b1b1b', foreground: '#e8e8e8' },
    // Output is the sandbox's: an OSC 8 hyperlink in it could name any site, and xterm's own
    // handler opens it after a confirm(). No link in the terminal navigates anywhere.
    linkHandler: { activate: () => {}, allowNonHttpProtocols: false },
  });
  const fitAddon = new FitAddon();
  terminal.loadAddon(fitAddon);
  terminal.open(host);
  terminal.onResize(({ cols, rows }) => resized(cols, rows));

  function fit(): void {
    // A pane with no size (hidden, not laid out yet) would fit to nothing.
    if (host.clientWidth > 0 && host.clientHeight > 0) fitAddon.fit();
  }
  let pending = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(fit);
  }).observe(host);
  fit();
  return {
    terminal,
    fit,
    setPresent(on) {
      terminal.options.fontSize = on ? FONT_SIZE.present : FONT_SIZE.normal;
      fit();
    },
  };
}
