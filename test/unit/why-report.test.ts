/** `nslab why`'s report at a terminal's width: wrapped at words, fix commands never broken. */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { WhyResult } from '../../src/diagnose/types.js';
import { formatWhy } from '../../src/report/why-report.js';
import { textWidth } from '../../src/util/text-width.js';

const plain = new Chalk({ level: 0 });

const RESULT: WhyResult = {
  src: 'C', dst: '10.0.2.2', ok: false, warnings: [], durationMs: 90,
  hops: [
    { direction: 'forward', from: 'C', to: 'R2', dev: 'C-eth2', detail: '203.0.113.2 → gw 203.0.113.1', ok: true },
    { direction: 'back', from: 'S', to: 'R1', dev: 'S-eth1', detail: '10.0.2.2 → gw 10.0.1.1', ok: true },
    { direction: 'back', from: 'R1', dev: 'R1-eth1', detail: '10.0.2.2 → 203.0.113.2 in on R1-eth0', ok: false },
  ],
  explanation: {
    because: 'R1 drops packets from 10.0.2.2 arriving on R1-eth0: reverse-path filtering is strict there (net.ipv4.conf.all.rp_filter = 1) and its route back to 10.0.2.2 leaves by R1-eth1, not R1-eth0.',
    fix: 'ip netns exec S ip route add default via 10.0.2.1 dev S-eth2 table 100\nip netns exec S ip rule add from 10.0.2.2 lookup 100',
  },
};

describe('formatWhy', () => {
  it('fits 80 columns with a hanging indent, each fix command whole on its own line', () => {
    const lines = formatWhy(RESULT, plain, 80).trimEnd().split('\n');
    expect(lines.every((l) => textWidth(l) <= 80)).toBe(true);
    const cause = lines.findIndex((l) => l.startsWith('Cause: '));
    expect(lines[cause + 1]).toMatch(/^ {7}\S/);
    expect(lines).toContain('Fix: ip netns exec S ip route add default via 10.0.2.1 dev S-eth2 table 100');
    expect(lines).toContain('     ip netns exec S ip rule add from 10.0.2.2 lookup 100');
  });

  it('keeps the cause on one line without a width (a pipe or a file, for grep)', () => {
    expect(formatWhy(RESULT, plain)).toContain(`Cause: ${RESULT.explanation!.because}\n`);
  });
});

describe('formatWhy warnings', () => {
  it('never breaks the fix command inside a warning', () => {
    const fix = 'ip netns exec blue nft insert rule inet f in icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept';
    const result: WhyResult = {
      ...RESULT,
      hops: [{ ...RESULT.hops[0]!, warnings: [{ because: "blue's firewall may drop IPv6 neighbour solicitations from fe80::1 for fd00:2::2 (input hook).", fix }] }],
    };
    const text = formatWhy(result, plain, 80);
    expect(text).toContain(fix);
  });
});
