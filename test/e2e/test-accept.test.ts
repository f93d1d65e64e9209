import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-accept-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A scenario with two transcripts whose output is wrong, in two steps, and CRLF line ends. */
const SOURCE = [
  '---',
  'title: Transcripts to accept',
  '---',
  '',
  '# Transcripts to accept',
  '',
  '## Say hello',
  '',
  'The output below is wrong.',
  '',
  '```console',
  '$ echo hello; echo world',
  'hello',
  'there',
  '```',
  '',
  '## Count',
  '',
  '```console',
  '$ echo "n=42"; echo "$ not a prompt"; echo done',
  'n=\\d+ (re)',
  'finished',
  '$ echo ok',
  'ok',
  '```',
  '',
  'The end.',
  '',
].join('\r\n');

describe('nslab test --accept', () => {
  it('with --yes writes the actual output, keeping the (re) lines that match, and the file then passes', async () => {
    const file = join(work, 'accept.md');
    writeFileSync(file, SOURCE);
    const run = await runCli(['test', '--accept', '--yes', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${file}:12: $ echo hello; echo world: the transcript differs from the output`);
    expect(run.stdout).toContain('✎ wrote one transcript into');
    expect(run.stdout).toContain('1 scenario: 1 passed, 0 failed');

    const written = readFileSync(file, 'utf8');
    expect(written).toBe(
      SOURCE.replace('there', 'world').replace('finished', '\\$ not a prompt (re)\r\ndone'),
    );
    const again = await runCli(['test', file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('PASSED · 2 passed, 0 failed, 0 not run');
  });

  it('without a terminal and without --yes shows the change, writes nothing, and says how', async () => {
    const file = join(work, 'no-tty.md');
    writeFileSync(file, SOURCE);
    const run = await runCli(['test', '--accept', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('        - there\n        + world');
    expect(run.stdout).toContain(`not written: there is no terminal to ask; accept with nslab test --accept --yes ${file}`);
    expect(readFileSync(file, 'utf8')).toBe(SOURCE);
  });
});
