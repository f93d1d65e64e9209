import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run/run-scenario.js';
import type { RunEvent } from '../../src/run/events.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { hostNetworkState } from '../helpers/host-network-state.js';
import { runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-mutate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A is checked in its own step, B by nothing, C only by the next step's command; `ip netns list` is a probe. */
const SCENARIO = `---
title: One namespace checked, one not
requires: [ip]
cleanup: ip netns del A 2>/dev/null; ip netns del B 2>/dev/null; ip netns del C 2>/dev/null; true
---
# One namespace checked, one not

## Create the namespaces

\`\`\`sh
ip netns add A
ip netns add B
ip netns add C
\`\`\`

\`\`\`sh {output="C"}
ip netns list
\`\`\`

\`\`\`check
namespace A exists
\`\`\`

## Bring up loopback in C

\`\`\`sh
ip netns exec C ip link set lo up
\`\`\`

\`\`\`check
C: link lo is up
\`\`\`
`;

function write(name: string, text: string): string {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}

/** The line of `text`'s first occurrence in `file`, 1-based. */
function lineOf(file: string, text: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
}

describe('nslab test --mutate', () => {
  it('reports the command whose removal nothing notices, exit 1, and what noticed the others', async () => {
    const before = hostNetworkState();
    const file = write('mutate.md', SCENARIO);
    const run = await runCli(['test', '--mutate', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('PASSED · 2 passed, 0 failed, 0 not run');
    const lines = run.stdout.split('\n').filter((l) => /^ +[✔✘] step /.test(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`✔ step 1, line ${lineOf(file, 'add A')}: removing "ip netns add A" is noticed \\(step 1: namespace A exists\\)`));
    expect(lines[1]).toMatch(new RegExp(`✘ step 1, line ${lineOf(file, 'add B')}: removing "ip netns add B" changed no outcome`));
    // The probe `ip netns list {output="C"}` notices C missing before the next step does.
    expect(lines[2]).toMatch(new RegExp(`✔ step 1, line ${lineOf(file, 'add C')}: removing "ip netns add C" is noticed \\(step 1, line ${lineOf(file, 'ip netns list')}: "ip netns list" expected output contains "C"\\)`));
    expect(lines[3]).toMatch(new RegExp(`✔ step 2, line ${lineOf(file, 'lo up')}: removing "ip netns exec C ip link set lo up" is noticed \\(step 2: C: link lo is up\\)`));
    expect(run.stdout).toContain('4 mutations: 3 noticed, 1 unchecked');
    expect(hostNetworkState()).toEqual(before);
  });

  it('does not mutate a scenario whose test fails', async () => {
    const file = write('failing.md', SCENARIO.replace('C: link lo is up', 'C: link lo is down'));
    const run = await runCli(['test', '--mutate', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('not mutated: the test failed');
    expect(run.stdout).not.toContain('removing');
  });

  it('is a usage error with --host', async () => {
    const run = await runCli(['test', '--mutate', '--host', write('host.md', SCENARIO)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot be combined with --host');
  });
});

describe('runScenario skip', () => {
  it('leaves out the command, emits command-skipped in its place, and the run notices', async () => {
    const parsed = parseScenario(SCENARIO, 'mutate.md');
    if (!parsed.ok) throw new Error('fixture does not parse');
    const events: RunEvent[] = [];
    const result = await runScenario(parsed.scenario, { skip: { step: 2, command: 0 }, from: 2, onEvent: (e) => events.push(e) });
    const skipped = events.find((e) => e.kind === 'command-skipped');
    expect(skipped).toMatchObject({ index: 0, command: { text: 'ip netns exec C ip link set lo up' } });
    expect(result.steps.map((s) => [s.status, s.fastForwarded])).toEqual([['passed', true], ['failed', false]]);
    expect(result.steps[1]!.commands).toHaveLength(0);
  });
});

describe('nslab test --mutate: verdicts that do not depend on the machine (issue 17, item 9)', () => {
  /** R's forwarding is switched off and checked; an `echo` says so. */
  const ROUTER = `---
title: A router that starts without forwarding
requires: [ip, sysctl]
cleanup: ip netns del R 2>/dev/null; true
---
# A router that starts without forwarding

## Make the router

\`\`\`sh
echo "making R"
ip netns add R
ip netns exec R sysctl -qw net.ipv4.ip_forward=0
\`\`\`

\`\`\`check
namespace R exists
R: sysctl net.ipv4.ip_forward = 0
\`\`\`
`;

  it('runs the other value in place of a 0/1 sysctl write (noticed whatever the host forwards), and never mutates an echo', async () => {
    const file = join(work, 'router-forwarding.md');
    writeFileSync(file, ROUTER);
    const run = await runCli(['test', '--mutate', file]);
    const lines = run.stdout.split('\n').filter((l) => l.includes('removing'));
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => l.includes('echo'))).toBe(false);
    // Left out on a host with ip_forward = 0, R would start with 0 anyway: "changed no outcome".
    expect(lines[1]).toMatch(/✔ step 1, line \d+: removing "ip netns exec R sysctl -qw net\.ipv4\.ip_forward=0" \(running "ip netns exec R sysctl -qw net\.ipv4\.ip_forward=1" instead\) is noticed \(step 1: R: sysctl net\.ipv4\.ip_forward = 0\)/);
    expect(run.code).toBe(0);
  });
});
