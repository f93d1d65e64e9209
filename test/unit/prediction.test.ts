import { describe, expect, it } from 'vitest';
import { actualOutcome, judgePrediction, predictionQuestion, whySentence } from '../../src/run/prediction.js';
import type { Expectation } from '../../src/scenario/model.js';

const plain: Expectation = { exit: { kind: 'code', code: 0 } };
const ping = { text: 'ip netns exec H1 ping -c 1 -W 1 10.0.2.2', line: 7 };
const result = (exitCode: number, output: string) => ({ exitCode, output, timedOut: false, durationMs: 5 });

describe('predictions', () => {
  it('asks before every ping and before commands whose block expects something, not before plain ones', () => {
    expect(predictionQuestion(ping, plain)?.choices).toContain('fails: all packets lost');
    expect(predictionQuestion({ text: 'ip link add a type veth peer name b', line: 1 }, plain)).toBeUndefined();
    expect(predictionQuestion({ text: 'ip link del nope', line: 1 }, { exit: { kind: 'nonzero' } })?.choices).toEqual(['succeeds', 'fails']);
    expect(predictionQuestion({ text: 'ip -br link', line: 1 }, { ...plain, output: 'lo' })?.choices).toEqual(['succeeds', 'fails']);
  });

  it("names ping's way of failing from its output (iputils): no route, unresolved next hop, silence", () => {
    const q = predictionQuestion(ping, plain)!;
    expect(actualOutcome(q, result(0, '1 received, 0% packet loss'))).toBe('succeeds');
    expect(actualOutcome(q, result(2, 'ping: connect: Network is unreachable'))).toBe('fails: Network is unreachable');
    expect(actualOutcome(q, result(1, 'From 10.0.1.1 icmp_seq=1 Destination Host Unreachable\n1 packets transmitted, 0 received, +1 errors, 100% packet loss'))).toBe('fails: Destination Host Unreachable');
    expect(actualOutcome(q, result(1, '1 packets transmitted, 0 received, 100% packet loss, time 0ms'))).toBe('fails: all packets lost');
    expect(actualOutcome(q, result(2, 'ping: 10.0.2.2: Name or service not known'))).toBe('fails: another error');
  });

  it('judges the answer and keeps the why', () => {
    const q = predictionQuestion(ping, plain)!;
    const lost = result(1, '100% packet loss');
    expect(judgePrediction(q, 'succeeds', lost, 'R does not forward.')).toEqual({
      line: 7, command: ping.text, answer: 'succeeds', actual: 'fails: all packets lost', right: false, why: 'R does not forward.',
    });
    expect(judgePrediction(q, 'fails: all packets lost', lost).right).toBe(true);
    expect(whySentence(ping, result(0, ''), undefined)).toMatch(/^H1 has a route to 10\.0\.2\.2/);
    expect(whySentence({ text: 'true', line: 1 }, result(0, ''), undefined)).toBeUndefined();
  });
});
