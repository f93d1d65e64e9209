import { describe, expect, it } from 'vitest';
import { parseCheck } from '../../src/check/parse-check.js';
import { lookCommand, rulesToolOf } from '../../src/practice/look-command.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';

const fence = (body: string): string => '```sh\n' + body + '\n```\n';
const parsed = parseScenario(
  '---\ntitle: Rules\n---\n# Rules\n\n' +
    '## Build\n\n' + fence('ip netns add R') + '\n' +
    '## Masquerade\n\n' + fence('ip netns exec R iptables -t nat -A POSTROUTING -s 10.0.1.0/24 -j MASQUERADE') + '\n' +
    '## Look\n\n' + fence('ip netns exec R ping -c 1 10.0.2.2') + '\n' +
    '## Filter with nft\n\n' + fence('ip netns exec R nft add table inet f') + '\n',
  'rules.md',
);
if (!parsed.ok) throw new Error('fixture does not parse');
const steps = parsed.scenario.steps;

function check(text: string) {
  const c = parseCheck(text, 1);
  if (!c.ok) throw new Error(c.message);
  return c.check;
}

describe('the look command for a firewall or NAT check', () => {
  it('reads the rules with the tool the step wrote them with, an earlier step\'s for a step that writes none', () => {
    expect(rulesToolOf(steps.slice(0, 1))).toBe('nft');
    expect(rulesToolOf(steps.slice(0, 2))).toBe('iptables');
    expect(rulesToolOf(steps.slice(0, 3))).toBe('iptables');
    expect(rulesToolOf(steps)).toBe('nft');
  });

  it.each([
    ['R: nat masquerades 10.0.1.0/24', 'iptables', 'ip netns exec R iptables -t nat -S'],
    ['R: nat forwards tcp 10.0.0.1:80 to 10.0.1.2', 'iptables', 'ip netns exec R iptables -t nat -S'],
    ['R: firewall drops icmp from 10.0.1.2', 'iptables', 'ip netns exec R iptables -S'],
    ['R: firewall drops icmp from 10.0.1.2', 'nft', 'ip netns exec R nft list ruleset'],
  ] as const)('%s with %s: %s', (text, tool, look) => {
    expect(lookCommand(check(text), false, tool)).toBe(look);
  });
});
