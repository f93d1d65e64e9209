import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostNetworkState } from '../helpers/host-network-state.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const routerSource = readFileSync(join(ROOT, 'scenarios/l3-router.md'), 'utf8');

/** Writes a variant of the router scenario and returns its path. */
function routerVariant(name: string, edit: (source: string) => string): string {
  const edited = edit(routerSource);
  expect(edited, `the edit for ${name} changed nothing`).not.toBe(routerSource);
  const file = join(work, name);
  writeFileSync(file, edited);
  return file;
}

describe('the seed walkthroughs', () => {
  it.each([
    ['scenarios/l3-router.md', 8],
    ['scenarios/l2-switch.md', 7],
  ])('%s passes every step in the private sandbox and leaves the host as it was', async (file, steps) => {
    const before = hostNetworkState();
    const run = await runCli(['run', file, '--yes']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`PASSED`);
    expect(run.stdout).toContain(`${steps} passed, 0 failed, 0 skipped, 0 not run`);
    for (let n = 1; n <= steps; n++) expect(run.stdout).toContain(`✔ Step ${n} passed`);
    expect(run.stdout).not.toContain('✘');
    expect(hostNetworkState()).toEqual(before);
  });

  it('explains each instructive failure of the router walkthrough under its ✔, as the seed does', async () => {
    const run = await runCli(['run', 'scenarios/l3-router.md', '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('why: H1 has no route to 10.0.2.2: it has no default route');
    expect(run.stdout).toMatch(/why: R has the routes, but forwarding is disabled \(net\.ipv4\.ip_forward = 0\)/);
  });

  it('explains the switch walkthrough\'s lost ping by the switch port that is still down', async () => {
    const run = await runCli(['run', 'scenarios/l2-switch.md', '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/why: s-eth1 .*is down/);
    expect(run.stdout).not.toContain('never moved');
  });
});

describe('a wrong expectation', () => {
  it('fails with exit 1 naming the step and the expectation', async () => {
    // Expect the ping through the router to succeed one step too early, before ip_forward=1.
    const file = routerVariant('early-ping.md', (s) =>
      s.replace('```sh {exit=1 output="100% packet loss"}', '```sh {output=" 0% packet loss"}'),
    );
    const run = await runCli(['run', file, '--yes']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✘ Step 7 "Watch the packets get lost" failed');
    expect(run.stdout).toContain('✘ expected exit status 0');
    expect(run.stdout).toContain('✘ expected output contains " 0% packet loss"');
    expect(run.stdout).toMatch(/found exit status 1; output: [^]*100% packet loss/);
    // The same diagnosis as under the ✔ of the real walkthrough, now under the ✘.
    expect(run.stdout).toMatch(/✘ expected[^]*why: R has the routes, but forwarding is disabled \(net\.ipv4\.ip_forward = 0\)/);
    expect(run.stdout).toContain('FAILED');
    // The run stops at the failing step: the last step never ran.
    expect(run.stdout).not.toContain('Step 8/8');
  });

  it('explains an unexpected "Network is unreachable" under its ✘ as the walkthrough does under its ✔', async () => {
    const file = routerVariant('early-unreachable.md', (s) => s.replace('```sh {exit=2 output="Network is unreachable"}', '```sh'));
    const run = await runCli(['run', file, '--yes']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✘ Step 5 "See why H1 cannot reach H2 yet" failed');
    expect(run.stdout).toMatch(/✘ expected exit status 0[^]*why: H1 has no route to 10\.0\.2\.2: it has no default route/);
  });

  it('reports a bad attribute with file and line, exit 2, and runs nothing', async () => {
    const file = routerVariant('bad-exit.md', (s) => s.replace('```sh {exit=2 output=', '```sh {exit=sometimes output='));
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('exit=sometimes')) + 1;
    const run = await runCli(['run', file, '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:${line}:`);
    expect(run.stderr).toMatch(/error: .*exit/);
    expect(run.stdout).not.toContain('Step 1');
  });
});
