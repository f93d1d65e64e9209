import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-ff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('nslab run --from/--to/--step', () => {
  it('--from an id fast-forwards the steps before it in one line, then runs the rest in full', async () => {
    const run = await runCli(['run', 'scenarios/l3-router.md', '--from', 'turn-on-forwarding', '--yes']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/⏩ 1-7 fast-forwarded \(\d/);
    // Nothing of the fast-forwarded steps is shown: no header, no command, no explanation.
    expect(run.stdout).not.toContain('Step 7/8');
    expect(run.stdout).not.toContain('ip link add');
    expect(run.stdout).not.toContain('A switch joins hosts');
    expect(run.stdout).toContain('━━ Step 8/8 · Turn on forwarding');
    expect(run.stdout).toContain('$ ip netns exec R sysctl net.ipv4.ip_forward=1');
    expect(run.stdout).toContain('✔ Step 8 passed');
    expect(run.stdout).toContain('PASSED A layer-3 router between two subnets · 8 passed, 0 failed, 0 skipped, 0 not run');
    expect(run.stdout).toMatch(/✔ +7\. Watch the packets get lost .*\(fast-forwarded\)/);
  });

  it('--step N runs only step N after fast-forwarding, and the later steps are not run', async () => {
    const run = await runCli(['run', 'scenarios/l3-router.md', '--step', '3', '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('8 steps · step 3 · private sandbox');
    expect(run.stdout).toMatch(/⏩ 1-2 fast-forwarded/);
    expect(run.stdout).toContain('━━ Step 3/8 · Give every interface an address');
    expect(run.stdout).not.toContain('Step 4/8');
    expect(run.stdout).toContain('PASSED A layer-3 router between two subnets · 3 passed, 0 failed, 0 skipped, 5 not run');
  });

  it('--to N stops after step N and passes', async () => {
    const run = await runCli(['run', 'scenarios/l2-switch.md', '--to', 'plug-each-host-into-its-cable', '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('fast-forwarded');
    expect(run.stdout).toContain('━━ Step 1/7 · Create the hosts');
    expect(run.stdout).toContain('✔ Step 3 passed');
    expect(run.stdout).not.toContain('Step 4/7');
    expect(run.stdout).toContain('PASSED A layer-2 switch with Open vSwitch · 3 passed, 0 failed, 0 skipped, 4 not run');
  });

  it('shows a fast-forwarded step in full when it fails, and stops with exit 1', async () => {
    const source = readFileSync(join(ROOT, 'scenarios/l3-router.md'), 'utf8');
    const file = join(work, 'broken-link.md');
    writeFileSync(file, source.replace('ip link set R-eth2 netns R', 'ip link set R-eth9 netns R'));
    const run = await runCli(['run', file, '--from', '5', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/⏩ 1 fast-forwarded/);
    expect(run.stdout).toContain('━━ Step 2/8 · Wire the links');
    expect(run.stdout).toContain('Cannot find device "R-eth9"');
    expect(run.stdout).toContain('✘ Step 2 "Wire the links" failed');
    expect(run.stdout).not.toContain('Step 5/8');
    expect(run.stdout).toContain('FAILED');
  });

  it('explains a ping that fails while fast-forwarding, as a full run does', async () => {
    const source = readFileSync(join(ROOT, 'scenarios/l3-router.md'), 'utf8');
    const file = join(work, 'wrong-target.md');
    // Step 4 pings the router across H1's link; 10.0.3.1 is on no subnet of H1's.
    writeFileSync(file, source.replace('$ ip netns exec H1 ping -c 1 -W 1 10.0.1.1', '$ ip netns exec H1 ping -c 1 -W 1 10.0.3.1'));
    const run = await runCli(['run', file, '--from', '6', '--yes']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✘ Step 4');
    expect(run.stdout).toMatch(/why: H1 has no route to 10\.0\.3\.1/);
    expect(run.stdout.match(/why:/g)).toHaveLength(1);
  });

  it('rejects an unknown step with exit 2, listing the valid ids', async () => {
    const run = await runCli(['run', 'scenarios/l3-router.md', '--from', 'turn-on-forwardng', '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--from turn-on-forwardng: scenarios/l3-router.md has no such step; did you mean "turn-on-forwarding"?');
    expect(run.stderr).toContain('  1  create-the-hosts-and-the-router');
    expect(run.stderr).toContain('  8  turn-on-forwarding');
    expect(run.stdout).toBe('');
  });
});
