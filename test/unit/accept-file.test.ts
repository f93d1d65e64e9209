import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../src/scenario/model.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { applyTranscriptEdits, writeAcceptedTranscripts } from '../../src/test-scenario/accept-file.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-accept-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every transcript entry of a scenario source, in file order. */
function entries(source: string): TranscriptEntry[] {
  const parsed = parseScenario(source, 't.md');
  expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  if (!parsed.ok) throw new Error('does not parse');
  return parsed.scenario.steps.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'transcript' ? b.entries : [])));
}

const HEAD = ['---', 'title: t', '---', '# t', '## s', ''];

describe('applyTranscriptEdits', () => {
  it('replaces exactly the expected lines of an entry', () => {
    const source = [...HEAD, '```console', '$ echo hello; echo world', 'hello', 'there', '', '$ true', '```', 'after', ''].join('\n');
    const [entry] = entries(source);
    const result = applyTranscriptEdits(source, [{ entry: entry!, lines: ['hello', 'world'] }]);
    expect(result).toBe(source.replace('there', 'world'));
  });

  it('applies several edits bottom-up, growing and shrinking', () => {
    const source = [...HEAD, '```console', '$ one', 'a', '$ two', 'b', 'c', '$ three', 'd', '```', ''].join('\n');
    const [one, two, three] = entries(source);
    const result = applyTranscriptEdits(source, [
      { entry: one!, lines: ['A1', 'A2', 'A3'] },
      { entry: two!, lines: [] },
      { entry: three!, lines: ['D'] },
    ]);
    expect(result).toBe([...HEAD, '```console', '$ one', 'A1', 'A2', 'A3', '$ two', '$ three', 'D', '```', ''].join('\n'));
  });

  it('inserts after the last line of a command without expected lines', () => {
    const source = [...HEAD, '```console', '$ echo a \\', '> b', '$ next', '```', ''].join('\n');
    const [entry] = entries(source);
    expect(entry!.expected).toEqual([]);
    const result = applyTranscriptEdits(source, [{ entry: entry!, lines: ['a b'] }]);
    expect(result).toBe([...HEAD, '```console', '$ echo a \\', '> b', 'a b', '$ next', '```', ''].join('\n'));
  });

  it('keeps CRLF line ends, and every other byte', () => {
    const source = [...HEAD, '```console', '$ echo a; echo b', 'a', 'c', '```', 'tail'].join('\r\n');
    const [entry] = entries(source);
    const result = applyTranscriptEdits(source, [{ entry: entry!, lines: ['a', 'b', 'x'] }]);
    expect(result).toBe([...HEAD, '```console', '$ echo a; echo b', 'a', 'b', 'x', '```', 'tail'].join('\r\n'));
  });

  it('writes new lines with the container prefix of the block (blockquote, list item)', () => {
    const source = [...HEAD, '> ```console', '> $ echo q', '> wrong', '> ```', '', '1. Do:', '', '   ```console', '   $ echo l', '   wrong', '   ```', ''].join('\n');
    const [quoted, listed] = entries(source);
    const result = applyTranscriptEdits(source, [
      { entry: quoted!, lines: ['q', ''] },
      { entry: listed!, lines: ['l'] },
    ]);
    expect(result).toBe([...HEAD, '> ```console', '> $ echo q', '> q', '> ', '> ```', '', '1. Do:', '', '   ```console', '   $ echo l', '   l', '   ```', ''].join('\n'));
  });

  it('refuses an entry whose command is not on its line', () => {
    const source = [...HEAD, '```console', '$ echo a', 'b', '```', ''].join('\n');
    const [entry] = entries(source);
    expect(() => applyTranscriptEdits(source.replace('echo a', 'echo z'), [{ entry: entry!, lines: ['a'] }])).toThrow(/is not the command "echo a"/);
  });
});

describe('writeAcceptedTranscripts', () => {
  const source = [...HEAD, '```console', '$ echo a', 'b', '```', ''].join('\n');

  it('writes atomically, keeping the mode, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(work, 'atomic-'));
    const file = join(dir, 's.md');
    writeFileSync(file, source);
    chmodSync(file, 0o640);
    const [entry] = entries(source);
    expect(await writeAcceptedTranscripts(file, [{ entry: entry!, lines: ['a'] }])).toEqual({ ok: true });
    expect(readFileSync(file, 'utf8')).toBe(source.replace('\nb\n', '\na\n'));
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['s.md']);
  });

  it('writes through a symbolic link, which stays a link', async () => {
    const dir = mkdtempSync(join(work, 'link-'));
    writeFileSync(join(dir, 'real.md'), source);
    symlinkSync('real.md', join(dir, 'link.md'));
    const [entry] = entries(source);
    expect(await writeAcceptedTranscripts(join(dir, 'link.md'), [{ entry: entry!, lines: ['a'] }])).toEqual({ ok: true });
    expect(lstatSync(join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.md'), 'utf8')).toContain('$ echo a\na\n');
  });

  it('writes nothing when the file changed since it was tested', async () => {
    const file = join(work, 'changed.md');
    const [entry] = entries(source);
    const edited = source.replace('\nb\n', '\nB\n');
    writeFileSync(file, edited);
    expect(await writeAcceptedTranscripts(file, [{ entry: entry!, lines: ['a'] }])).toEqual({
      ok: false,
      reason: `${file} changed since it was tested (the transcript of line 8); nothing written`,
    });
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });
});
