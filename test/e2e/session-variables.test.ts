/**
 * Checks that use a value the scenario's shell session computed at run time (issue 17, item 8):
 * an IPv6 address with a random suffix and a MAC address the kernel picked, read by the checks
 * from the session, in a real private sandbox.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { testController } from '../../src/test-scenario/test-controller.js';
import { runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-session-vars-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SCENARIO = `---
title: Values known at run time
requires: [ip, ping]
---

## Make a host

\`\`\`sh
ip netns add blue
ip -n blue link add blue-eth0 type veth peer name blue-eth1
ip -n blue link set lo up
ip -n blue link set blue-eth0 up
\`\`\`

\`\`\`check
namespace blue exists
\`\`\`

## Pick an address

The suffix is random: only the session knows it.

\`\`\`sh
ADDR=fd00::$(printf '%x' $((RANDOM % 60000 + 2)))
MAC=$(ip -n blue -br link show blue-eth0 | awk '{print $3}')
echo "blue will be $ADDR on $MAC"
\`\`\`

## Give it the address

\`\`\`sh
ip -n blue -6 addr add "$ADDR/64" dev blue-eth0 nodad
\`\`\`

\`\`\`check
blue: link blue-eth0 has address $ADDR/64
blue: link blue-eth0 has address in fd00::/64
blue: ping \${ADDR} succeeds
blue: neighbor $ADDR is absent
file /proc/self/status lacks "$MAC"
\`\`\`
`;

function scenario(body: string) {
  const parsed = parseScenario(body, 'session-vars.md');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
  return parsed.scenario;
}

describe('checks with session variables', () => {
  it('fail before the step that makes the state, hold after it, and show the value', async () => {
    const result = await runScenario(scenario(SCENARIO), { precheck: true, controller: testController });
    expect(result.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
    const give = result.steps[2]!;
    // Before the step: $ADDR is set (step 2), the address is not there yet.
    // (Its peer is down: the found says why it has not even a link-local address.)
    expect(give.precheck?.[0]).toMatchObject({ passed: false, found: expect.stringMatching(/^blue-eth0 has no IPv6 address: it is UP but has no carrier/) });
    const [address] = give.checks;
    expect(address!.expected).toMatch(/^blue: link blue-eth0 has address fd00::[0-9a-f]+\/64 \(\$ADDR\)$/);
    expect(give.checks.map((c) => c.passed)).toEqual([true, true, true, true, true]);
    expect(give.checks[2]!.check.predicate).toMatchObject({ kind: 'ping', address: expect.stringMatching(/^fd00::/) });
    expect(give.checks[4]!.expected).toMatch(/^file \/proc\/self\/status lacks "([0-9a-f]{2}:){5}[0-9a-f]{2}" \(\$MAC\)$/);
  });

  it('a variable no command set fails its check, saying so, through the CLI', async () => {
    const file = join(work, 'missing.md');
    writeFileSync(file, `${SCENARIO}\n## Check a name nobody set\n\n\`\`\`sh\nip -n blue link set blue-eth1 up\n\`\`\`\n\n\`\`\`check\nblue: ping $GATEWAY succeeds\n\`\`\`\n`);
    const run = await runCli(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("$GATEWAY is not set in the scenario's shell session");
    const lint = await runCli(['lint', file]);
    expect(lint.stdout).toMatch(/missing\.md:\d+:\d+: warning: check on line \d+ uses \$GATEWAY, which no command up to step 4 sets/);
  });
});
