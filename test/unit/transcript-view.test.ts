import { describe, expect, it } from 'vitest';
import { transcriptView } from '../../src/run/transcript-view.js';
import { parseTranscript } from '../../src/scenario/parse-transcript.js';

/** The expected lines of a one-command transcript written as in a scenario. */
const expected = (...lines: string[]) => parseTranscript(['$ cmd', ...lines].join('\n'), 1).entries[0]!.expected;

describe('transcriptView', () => {
  it('shows the first differing line with two lines either side', () => {
    const view = transcriptView(expected('a', 'b', 'c', 'd', 'e', 'f', 'g'), 'a\nb\nc\nD\ne\nf\ng\n');
    expect(view.split('\n')).toEqual([' b', ' c', '-d', '+D', ' e', ' f']);
  });

  it('never lists a ... line, nor a line a ... line or a (re) line matched, as missing', () => {
    const written = expected(
      'PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data.',
      '64 bytes from 10.0.2.2: icmp_seq=1 ttl=\\d+ time=.* ms (re)',
      '...',
      '1 packets transmitted, 1 received, 0% packet loss, time ...',
    );
    const output = [
      'PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data.',
      '64 bytes from 10.0.2.2: icmp_seq=1 ttl=63 time=0.081 ms',
      '',
      '--- 10.0.2.2 ping statistics ---',
      '1 packets transmitted, 0 received, 100% packet loss, time 0ms',
      '',
    ].join('\n');
    const view = transcriptView(written, output).split('\n');
    expect(view).toEqual([
      ' ',
      ' --- 10.0.2.2 ping statistics ---',
      '-1 packets transmitted, 1 received, 0% packet loss, time ...',
      '+1 packets transmitted, 0 received, 100% packet loss, time 0ms',
    ]);
    expect(view.some((l) => l === '-...' || l.startsWith('-64 bytes') || l.startsWith('-PING'))).toBe(false);
  });

  it('shows a missing line as - and an extra one as +, the trailing blank line of the output left out', () => {
    expect(transcriptView(expected('a', 'b', 'c'), 'a\nc\n').split('\n')).toEqual([' a', '-b', ' c']);
    expect(transcriptView(expected('a', 'b'), 'a\nb\nextra\n\n').split('\n')).toEqual([' a', ' b', '+extra']);
  });

  it('is empty when the output matches', () => {
    expect(transcriptView(expected('a', '...'), 'a\nb\n\n')).toBe('');
  });
});
