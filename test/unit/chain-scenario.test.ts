import { describe, expect, it } from 'vitest';
import { chainScenario, MAX_CHAIN } from '../../src/generate/chain-scenario.js';
import { lintSource } from '../../src/lint/lint-source.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { UsageError } from '../../src/util/errors.js';

describe('chainScenario', () => {
  it.each([1, 2, 7, 100, MAX_CHAIN])('writes a scenario that lints clean for %i routers', (n) => {
    const text = chainScenario(n);
    expect(lintSource(text, 'chain.md')).toEqual([]);
    const parsed = parseScenario(text, 'chain.md');
    expect(parsed.ok && parsed.scenario.steps.map((s) => s.id)).toEqual([
      'create-the-namespaces',
      'wire-the-links',
      'address-the-links-and-bring-them-up',
      'route-both-ways-and-forward',
      'ping-from-one-end-to-the-other',
    ]);
  });

  it('checks the first, middle and last router, and pings the far end', () => {
    const text = chainScenario(9);
    expect(text).toContain('R1: sysctl net.ipv4.ip_forward = 1');
    expect(text).toContain('R5: sysctl net.ipv4.ip_forward = 1');
    expect(text).toContain('R9: sysctl net.ipv4.ip_forward = 1');
    expect(text).not.toContain('R2: sysctl');
    expect(text).toContain('H1: ping 10.0.9.2 succeeds within 5s');
  });

  it.each([0, -1, 2.5, MAX_CHAIN + 1, Number.NaN])('refuses %s routers', (n) => {
    expect(() => chainScenario(n)).toThrow(UsageError);
  });
});
