import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The `why:` under a failing ping is read while the ping runs when the block expects the failure,
// and the diagnoses of consecutive read-only commands share their reads (src/run/run-step.ts).
// Both are only right while nothing else changes the state: here a background job takes B's end
// of the cable down during the first ping, after the diagnosis read it up.
const SCENARIO = `---
title: A background job changes the state between two failing pings
cleanup: |
  ip netns del A 2>/dev/null
  ip netns del B 2>/dev/null
  true
---

# Two pings while a job runs

## B drops pings

\`\`\`sh
ip netns add A
ip netns add B
ip link add A-eth0 netns A type veth peer name B-eth0 netns B
ip -n A addr add 10.9.0.1/24 dev A-eth0
ip -n B addr add 10.9.0.2/24 dev B-eth0
ip -n A link set A-eth0 up
ip -n B link set B-eth0 up
ip netns exec B nft add table inet f
ip netns exec B nft add chain inet f in '{ type filter hook input priority 0; }'
ip netns exec B nft add rule inet f in icmp type echo-request drop
\`\`\`

## B's end goes down while A pings

\`\`\`sh {background}
sleep 0.4; ip -n B link set B-eth0 down
\`\`\`

\`\`\`sh {exit=1}
ip netns exec A ping -c 1 -W 1 10.9.0.2
\`\`\`

\`\`\`sh {exit=1}
ip netns exec A ping -c 1 -W 1 10.9.0.2
\`\`\`
`;

describe('why under failing pings while a background job runs', () => {
  it('explains the second ping by the state after the job changed it, not by reads made before', async () => {
    const file = join(work, 'why-jobs.md');
    writeFileSync(file, SCENARIO);
    const run = await runCli(['run', file, '--yes', '--no-color']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const whys = run.stdout.split('\n').filter((l) => l.trim().startsWith('why:'));
    expect(whys).toHaveLength(2);
    expect(whys[1]).toContain('B-eth0 in B, the other end of A-eth0 in A, is down');
    expect(whys[1]).not.toContain('firewall');
  });
});
