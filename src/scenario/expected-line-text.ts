/**
 * An expected transcript line written back as text: the inverse of how parse-transcript reads
 * it (`...` for any lines, `SRC (re)` for a regular expression, anything else literally).
 */
import type { ExpectedLine } from './model.js';

/** The line as it stands, or would stand, in a transcript block. */
export function expectedLineText(line: ExpectedLine): string {
  switch (line.kind) {
    case 'text':
      return line.text;
    case 'regex':
      return `${line.source} (re)`;
    case 'any-lines':
      return '...';
  }
}
