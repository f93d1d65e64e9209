/**
 * How wide the terminal is, for text laid out to fit it (prose, the topology picture).
 */

/** Columns assumed when standard output is not a terminal (a file, a pipe, a test). */
export const DEFAULT_COLUMNS = 80;

/**
 * @returns the width of standard output in columns when it is a terminal, read at each call so
 *   that a resized window is followed; {@link DEFAULT_COLUMNS} otherwise
 */
export function terminalColumns(): number {
  return (process.stdout.isTTY && process.stdout.columns) || DEFAULT_COLUMNS;
}

/**
 * @returns the width of standard error in columns when it is a terminal (warnings and notices
 *   are wrapped to it), undefined when it is a pipe or a file (one line each, for grep and logs)
 */
export function stderrColumns(): number | undefined {
  return process.stderr.isTTY ? process.stderr.columns || DEFAULT_COLUMNS : undefined;
}
