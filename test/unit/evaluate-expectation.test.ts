import { describe, expect, it } from 'vitest';
import { evaluateExpectation, outputTail } from '../../src/run/evaluate-expectation.js';
import type { Expectation, ExpectedLine } from '../../src/scenario/model.js';
import type { CommandResult } from '../../src/sandbox/types.js';

const result = (exitCode: number | null, output: string, timedOut = false): CommandResult => ({
  exitCode,
  output,
  timedOut,
  durationMs: 12,
});
const exit0: Expectation = { exit: { kind: 'code', code: 0 } };
const UNREACHABLE = 'ping: connect: Network is unreachable\n';

describe('evaluateExpectation', () => {
  it('accepts exit 0 by default and rejects any other status, showing the output', () => {
    expect(evaluateExpectation(exit0, result(0, 'ok\n'))).toEqual([]);
    expect(evaluateExpectation(exit0, result(2, UNREACHABLE))).toEqual([
      { expected: 'exit status 0', found: 'exit status 2; output: ping: connect: Network is unreachable' },
    ]);
  });

  it('understands nonzero, any and a specific code', () => {
    expect(evaluateExpectation({ exit: { kind: 'nonzero' } }, result(1, ''))).toEqual([]);
    expect(evaluateExpectation({ exit: { kind: 'nonzero' } }, result(0, ''))[0]?.expected).toBe('a non-zero exit status');
    expect(evaluateExpectation({ exit: { kind: 'any' } }, result(7, ''))).toEqual([]);
    expect(evaluateExpectation({ exit: { kind: 'code', code: 2 } }, result(1, ''))[0]?.found).toMatch(/^exit status 1/);
  });

  it('checks output, no-output and match, each failure on its own', () => {
    const e: Expectation = { exit: { kind: 'code', code: 2 }, output: 'Network is unreachable' };
    expect(evaluateExpectation(e, result(2, UNREACHABLE))).toEqual([]);
    const wrong: Expectation = { exit: { kind: 'code', code: 0 }, output: '0% packet loss', noOutput: 'unreachable', match: /ttl=\d+/ };
    const failures = evaluateExpectation(wrong, result(2, UNREACHABLE));
    expect(failures.map((f) => f.expected)).toEqual([
      'exit status 0',
      'output contains "0% packet loss"',
      'output without "unreachable"',
      'output matches /ttl=\\d+/',
    ]);
  });

  it('reports a timeout instead of an exit status', () => {
    const failures = evaluateExpectation(exit0, { ...result(null, 'PING 10.0.0.2\n', true), durationMs: 5000 });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.found).toBe('timed out after 5.0 s; output: PING 10.0.0.2');
  });

  it('compares a transcript and shows a diff on mismatch', () => {
    const expected: ExpectedLine[] = [{ kind: 'text', text: 'net.ipv4.ip_forward = 0' }];
    expect(evaluateExpectation(exit0, result(0, 'net.ipv4.ip_forward = 0\n'), expected)).toEqual([]);
    const [failure] = evaluateExpectation(exit0, result(0, 'net.ipv4.ip_forward = 1\n'), expected);
    expect(failure?.expected).toBe('output as in the transcript');
    expect(failure?.diff).toContain('-net.ipv4.ip_forward = 0');
    expect(failure?.diff).toContain('+net.ipv4.ip_forward = 1');
    expect(failure?.diff).not.toContain('===');
  });
});

describe('outputTail', () => {
  it('keeps the last non-empty lines', () => {
    expect(outputTail('a\n\nb\nc\nd\n\n')).toBe('b\nc\nd');
    expect(outputTail('')).toBe('no output');
  });
});
