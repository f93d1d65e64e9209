/**
 * Colours for the terminal of `nslab serve`'s lesson page: xterm.js, which shows 256 colours
 * whatever the server's own stdout is (a pipe, a file, NO_COLOR for the server's messages).
 */
import { Chalk, type ChalkInstance } from 'chalk';

/** A chalk for text written to the page's terminal (256 colours, chalk level 2). */
export function browserTerminalChalk(): ChalkInstance {
  return new Chalk({ level: 2 });
}
