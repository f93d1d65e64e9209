import { describe, expect, it } from 'vitest';
import { programsNeeded } from '../../src/run/find-missing-programs.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';

function scenario(checks: string): Parameters<typeof programsNeeded>[0] {
  const parsed = parseScenario(`---\ntitle: t\nrequires: [ip]\n---\n\n## One\n\n\`\`\`check\n${checks}\n\`\`\`\n`, 'x.md');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  return parsed.scenario;
}

describe('programsNeeded: programs the checks run', () => {
  it('adds tcpdump for a capture check and bridge for a learned-MAC check', () => {
    const needed = programsNeeded(scenario('capture /tmp/c.pcap shows "ICMP"\nbridge s has learned H1:e0 on p1'), false);
    expect(needed).toContain('tcpdump');
    expect(needed).toContain('bridge');
  });

  it('adds nothing for checks that run only what nslab always needs', () => {
    const plain = programsNeeded(scenario('link lo is up\nfile /tmp/x contains "y"\nneighbor 10.0.0.1 is failed'), false);
    expect(plain).not.toContain('tcpdump');
    expect(plain).toEqual(programsNeeded(scenario('link lo is up'), false));
  });
});
