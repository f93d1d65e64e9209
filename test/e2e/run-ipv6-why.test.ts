import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-ipv6-why-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The IPv6 router lab (bench/state/ipv6-lab.sh) with forwarding off, as one step; then pings that fail. */
const SCENARIO = `---
title: An IPv6 router that does not forward
requires: [ip, ping, ping6, sysctl]
timeout: 15s
---

# An IPv6 router that does not forward

## Build the router

\`\`\`sh
${readFileSync(join(ROOT, 'bench/state/ipv6-lab.sh'), 'utf8').split('\n').filter((l) => !l.startsWith('#') && l !== 'set -e' && l.trim() !== '').join('\n')}
ip netns exec R sysctl -qw net.ipv6.conf.all.forwarding=0
\`\`\`

\`\`\`check
R: sysctl net.ipv6.conf.all.forwarding = 0
\`\`\`

## Ping across it

\`\`\`sh {exit=1 output="100% packet loss"}
ip netns exec H1 ping -6 -c 1 -W 1 fd00:2::2
\`\`\`

\`\`\`sh {exit=1 output="100% packet loss"}
ip netns exec H1 ping6 -c 1 -W 1 fd00:2::2
\`\`\`
`;

describe('a run explains a failing IPv6 ping (issue 17)', () => {
  it('ping -6 and ping6 that are expected to fail get why: with the IPv6 cause', async () => {
    const file = join(work, 'ipv6-router.md');
    writeFileSync(file, SCENARIO);
    const run = await runCli(['run', file, '--yes']);
    expect(run.stderr).not.toContain('warning');
    expect(run.code).toBe(0);
    const whys = run.stdout.split('\n').filter((l) => l.trim().startsWith('why: '));
    expect(whys).toHaveLength(2);
    for (const line of whys) expect(line).toContain('why: R has the routes, but forwarding is disabled (net.ipv6.conf.all.forwarding = 0)');
  });
});
