/**
 * `nslab test --accept`: writing accepted transcript output into the scenario file. Only the
 * expected-output lines of the accepted entries change; every other byte of the file stays.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../util/write-file-atomic.js';
import type { TranscriptEntry } from '../scenario/model.js';
import { parseScenario } from '../scenario/parse-scenario.js';
import { expectedLineText } from '../scenario/expected-line-text.js';

/** One accepted change: new expected lines for one transcript entry. */
export interface TranscriptEdit {
  /** The entry as parsed when it was tested: its command's line and expected lines locate it. */
  entry: TranscriptEntry;
  /** The new expected lines, as text (without the block's container prefix or line ends). */
  lines: string[];
}

/** A file line and the line end that follows it ('' for a last line without one). */
interface SourceLine {
  text: string;
  eol: string;
}

/** Splits text into lines the way the scenario parser counts them (`\r\n`, `\r` or `\n`). */
function splitLines(source: string): SourceLine[] {
  const parts = source.split(/(\r\n|\r|\n)/);
  const lines: SourceLine[] = [];
  for (let i = 0; i < parts.length; i += 2) lines.push({ text: parts[i]!, eol: parts[i + 1] ?? '' });
  // A final line end leaves an empty last part, which is no line.
  if (lines.length > 1 && lines.at(-1)!.text === '') lines.pop();
  return lines;
}

/**
 * What precedes the transcript's content on each of its lines (`> ` in a blockquote, the
 * indentation of a list item): the command line minus `$ COMMAND`. New lines get the same.
 * @throws Error when the line is not the entry's command (the file and the entry disagree)
 */
function containerPrefix(line: SourceLine, entry: TranscriptEntry): string {
  const first = entry.command.text.split('\n')[0]!;
  const prompt = line.text.slice(0, line.text.length - first.length).slice(-2);
  if (!line.text.endsWith(first) || (prompt !== '$ ' && prompt !== '# ')) {
    throw new Error(`line ${entry.command.line} is not the command "${first}"`);
  }
  return line.text.slice(0, line.text.length - first.length - 2);
}

/**
 * Replaces the expected-output lines of transcript entries. Pure.
 * An entry's lines run from its `expectedLine` through its last expected line; an entry
 * without expected lines gets the new ones after its command's last line. Edits are applied
 * bottom-up, so the line numbers of the ones above stay valid.
 * @param source the file's text, as parsed when the entries were read
 * @param edits at most one per entry
 * @returns the new text: new lines carry the container prefix and the line end of their
 *   entry's command line (`\r\n` in a CRLF file); all other bytes are unchanged
 * @throws Error when an entry's command is not where it says
 */
export function applyTranscriptEdits(source: string, edits: readonly TranscriptEdit[]): string {
  const lines = splitLines(source);
  const sorted = [...edits].sort((a, b) => b.entry.command.line - a.entry.command.line);
  for (const { entry, lines: replacement } of sorted) {
    const commandLine = lines[entry.command.line - 1];
    if (!commandLine) throw new Error(`line ${entry.command.line} is past the end of the file`);
    const prefix = containerPrefix(commandLine, entry);
    const eol = commandLine.eol || '\n';
    const start = entry.expected.length > 0 ? entry.expectedLine - 1 : entry.command.line - 1 + entry.command.text.split('\n').length;
    const count = entry.expected.length;
    const last = lines[start + count - 1];
    const added = replacement.map((text, i) => ({
      text: prefix + text,
      // The replaced block's own last line end is kept (it may be the file's last, without one).
      eol: i === replacement.length - 1 && last && count > 0 ? last.eol : eol,
    }));
    lines.splice(start, count, ...added);
  }
  return lines.map((l) => l.text + l.eol).join('');
}

/** Why the file was not written, or nothing when it was. */
export type WriteOutcome = { ok: true } | { ok: false; reason: string };

/** The entry's identity: command, where it is, and its expected lines as written. */
function entryKey(entry: TranscriptEntry): string {
  return JSON.stringify([entry.command.line, entry.command.text, entry.expectedLine, entry.expected.map(expectedLineText)]);
}

/**
 * Writes accepted transcript output into a scenario file in one atomic write (a temporary
 * file in the same directory, renamed over it; a symbolic link is followed and kept).
 * The file is read and parsed again first: if it changed since it was tested, so that an
 * entry is no longer where and what it was, nothing is written.
 * @param file the scenario's path
 * @param edits the accepted changes of that file
 */
export async function writeAcceptedTranscripts(file: string, edits: readonly TranscriptEdit[]): Promise<WriteOutcome> {
  const target = await realpath(file);
  const source = await readFile(target, 'utf8');
  const parsed = parseScenario(source, file);
  if (!parsed.ok) return { ok: false, reason: `${file} changed since it was tested and no longer parses; nothing written` };
  const present = new Set(
    parsed.scenario.steps.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'transcript' ? b.entries.map(entryKey) : []))),
  );
  const moved = edits.find((e) => !present.has(entryKey(e.entry)));
  if (moved) {
    return { ok: false, reason: `${file} changed since it was tested (the transcript of line ${moved.entry.command.line}); nothing written` };
  }
  // The new file gets the old one's mode and owner: `sudo nslab test --accept` must not leave
  // the author's file owned by root.
  const { mode, uid, gid } = await stat(target);
  await writeFileAtomic(target, applyTranscriptEdits(source, edits), mode & 0o7777, { uid, gid });
  return { ok: true };
}
