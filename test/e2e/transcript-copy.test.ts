/**
 * Transcripts pasted as the terminal showed them, through `nslab run` in its private sandbox:
 * iputils ping with no reply ends with a blank line, cram writes `[N]` for a non-zero exit
 * status, a transcript that does not match shows its first differing line, and a ping stopped
 * at its timeout keeps its output and its diagnosis.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-transcript-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A scenario whose step sets up H1 with a link nobody answers on, then runs the transcript. */
function scenario(transcript: string[]): string {
  return [
    '---', 'title: Ping with no reply', '---', '', '# Ping with no reply', '', '## Ping a host that is not there', '',
    '```sh',
    'ip netns add H1',
    'ip -n H1 link add va type veth peer name vb',
    'ip -n H1 addr add 10.9.0.1/24 dev va',
    'ip -n H1 link set va up',
    'ip -n H1 link set vb up',
    '```', '',
    ...transcript, '',
  ].join('\n');
}

/** Exactly what the terminal printed, the blank line after the statistics included. */
const PING_COPY = [
  '$ ip netns exec H1 ping -c 1 -W 1 10.9.0.2',
  'PING 10.9.0.2 (10.9.0.2) 56(84) bytes of data.',
  '',
  '--- 10.9.0.2 ping statistics ---',
  '1 packets transmitted, 0 received, 100% packet loss, time ...',
  '',
];

async function run(name: string, transcript: string[]) {
  const file = join(work, name);
  writeFileSync(file, scenario(transcript));
  return runCli(['run', file]);
}

describe('transcripts as the terminal shows them', () => {
  it('passes the 100%-loss ping pasted with its trailing blank line, without it, and with cram\'s [1]', async () => {
    const result = await run('copy.md', [
      '```console {exit=1}', ...PING_COPY, ...PING_COPY.slice(0, -1), '```', '',
      '```console', ...PING_COPY, '[1]', '```',
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('PASSED');
    expect(result.stdout.match(/✔ exit status 1 · output as shown/g)).toHaveLength(3);
    expect(result.code).toBe(0);
  });

  it('holds the command to its [N] line: exit status 0 where the transcript says [1] fails', async () => {
    const result = await run('status.md', ['```console', '$ true', '[1]', '```']);
    expect(result.stdout).toContain('✘ expected exit status 1');
    expect(result.stdout).toContain('found exit status 0');
    expect(result.code).not.toBe(0);
  });

  it('shows the first differing line with its neighbours, never a ... line or a matched line as missing', async () => {
    const result = await run('differs.md', [
      '```console',
      '$ ip netns exec H1 ping -c 1 -W 1 10.9.0.2',
      'PING 10.9.0.2 (10.9.0.2) 56(84) bytes of data.',
      '...',
      '1 packets transmitted, 1 received, 0% packet loss, time ...',
      '[1]',
      '```',
    ]);
    expect(result.code).not.toBe(0);
    const view = result.stdout.split('\n').filter((l) => /^ {4}[-+ ]\S|^ {4} $/.test(l));
    expect(view).toEqual([
      '     ',
      '     --- 10.9.0.2 ping statistics ---',
      '    -1 packets transmitted, 1 received, 0% packet loss, time ...',
      '    +1 packets transmitted, 0 received, 100% packet loss, time 0ms',
    ]);
  });

  it('keeps the output and the why: of a ping without -W stopped at its timeout', async () => {
    const result = await run('timeout.md', ['```sh {timeout=3s}', 'ip netns exec H1 ping -c 2 10.9.0.2', '```']);
    expect(result.code).not.toBe(0);
    // Stopped as Ctrl-C stops it, ping still prints its statistics.
    expect(result.stdout).toMatch(/found timed out after 3\.\d s; output: [^]*2 packets transmitted, 0 received, 100% packet loss/);
    expect(result.stdout).toContain('why: Nobody in the emulation has 10.9.0.2');
  });
});
