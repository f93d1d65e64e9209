import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { hostNetworkState } from '../helpers/host-network-state.js';
import { ROOT, runCli, runProcess, type CliRun } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const routerSource = readFileSync(join(ROOT, 'scenarios/l3-router.md'), 'utf8');

/** Writes a variant of the router scenario and returns its path. */
function routerVariant(name: string, from: string, to: string): string {
  expect(routerSource, `${name}: the text to replace is not in the router scenario`).toContain(from);
  const file = join(work, name);
  writeFileSync(file, routerSource.replace(from, to));
  return file;
}

/** The last step's check block, which a vacuous variant replaces. */
const FORWARDING_CHECKS = '```check\nR: sysctl net.ipv4.ip_forward = 1\nH1: ping 10.0.2.2 succeeds\nH2: ping 10.0.1.2 succeeds\n```';

/** The line of `text`'s first occurrence in `file`, 1-based. */
function lineOf(file: string, text: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
}

describe('nslab test', () => {
  it('passes both seed scenarios and leaves the host as it was', async () => {
    const before = hostNetworkState();
    // The two seed walkthroughs, not all of scenarios/ (CI tests the library with `nslab test scenarios/`).
    const run = await runCli(['test', 'scenarios/l2-switch.md', 'scenarios/l3-router.md']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✔ +1 Create the hosts +\d+ ms/);
    expect(run.stdout).toMatch(/✔ +8 Turn on forwarding +\d+ ms/);
    expect(run.stdout).not.toContain('✘');
    // In the order given, in the table too.
    expect(run.stdout.indexOf('scenarios/l2-switch.md')).toBeLessThan(run.stdout.indexOf('scenarios/l3-router.md'));
    expect(run.stdout).toMatch(/scenarios\/l3-router\.md +PASSED +8 +0 +0 /);
    expect(run.stdout).toContain('2 scenarios: 2 passed, 0 failed · 15 steps: 15 passed, 0 failed, 0 not run');
    expect(hostNetworkState()).toEqual(before);
  });

  it('fails a step whose checks already hold before it runs, naming it, and writes JUnit XML', async () => {
    const file = routerVariant('vacuous.md', FORWARDING_CHECKS, '```check\nH1: ping 10.0.1.1 succeeds\n```');
    const report = join(work, 'vacuous.xml');
    const run = await runCli(['test', file, '--report', report]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✘ +8 Turn on forwarding +\d+ ms/);
    expect(run.stdout).toContain('step 8 "Turn on forwarding": checks already hold before the step runs');
    expect(run.stdout).toContain(`${file}:${lineOf(file, 'H1: ping 10.0.1.1 succeeds')}: held before the step: H1: ping 10.0.1.1 succeeds`);
    // Only the vacuous step fails: the others ran and passed.
    expect(run.stdout).toMatch(/✔ +7 Watch the packets get lost/);
    expect(run.stdout).toContain('FAILED · 7 passed, 1 failed, 0 not run');

    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(report, 'utf8'));
    const suite = xml.testsuites.testsuite;
    expect(suite).toMatchObject({ name: 'A layer-3 router between two subnets', file, tests: '8', failures: '1', skipped: '0' });
    expect(suite.testcase).toHaveLength(8);
    const failed = suite.testcase.filter((t: { failure?: unknown }) => t.failure);
    expect(failed.map((t: { name: string }) => t.name)).toEqual(['8. Turn on forwarding']);
    expect(failed[0].failure.message).toBe('step 8 "Turn on forwarding": checks already hold before the step runs');
    expect(Number(suite.testcase[0].time)).toBeLessThan(10);
  });

  it('fails a check that does not hold after its step, and goes on with the next steps', async () => {
    const file = routerVariant('wrong-check.md', 'H1: route default via 10.0.1.1 dev H1-eth0\n', 'H1: route default via 10.0.1.9 dev H1-eth0\n');
    const run = await runCli(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✘ +6 Add default routes/);
    expect(run.stdout).toContain(`${file}:${lineOf(file, '10.0.1.9')}: check failed: H1: route default via 10.0.1.9 dev H1-eth0`);
    expect(run.stdout).toContain('found H1 has default via 10.0.1.1 dev H1-eth0');
    expect(run.stdout).toMatch(/✔ +8 Turn on forwarding/);
    expect(run.stdout).toContain('FAILED · 7 passed, 1 failed, 0 not run');
  });

  it('stops at a command that fails, the later steps not run, and reports them as skipped in JUnit', async () => {
    const file = routerVariant('bad-command.md', 'ip link set R-eth2 netns R', 'ip link set R-eth9 netns R');
    const report = join(work, 'bad-command.xml');
    const run = await runCli(['test', file, '--report', report]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✘ +2 Wire the links/);
    expect(run.stdout).toContain(`${file}:${lineOf(file, 'R-eth9')}: $ ip link set R-eth9 netns R: expected exit status 0`);
    expect(run.stdout).toContain('found exit status 1; output: Cannot find device "R-eth9"');
    expect(run.stdout).toMatch(/· +3 Give every interface an address +not run/);
    expect(run.stdout).toContain('FAILED · 1 passed, 1 failed, 6 not run');

    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(report, 'utf8'));
    expect(xml.testsuites).toMatchObject({ tests: '8', failures: '1', skipped: '6' });
    expect(xml.testsuites.testsuite.testcase.filter((t: object) => 'skipped' in t)).toHaveLength(6);
  });

  it('reports a bad file as FILE:LINE:COL errors, exit 2, and tests nothing', async () => {
    const file = routerVariant('bad-attribute.md', '```sh {exit=2 output=', '```sh {exit=sometimes output=');
    const run = await runCli(['test', 'scenarios/l3-router.md', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${file}:${lineOf(file, 'exit=sometimes')}:\\d+: error: .*exit`));
    expect(run.stdout).not.toContain('✔');
  });

  it('is a usage error for a path that does not exist', async () => {
    const run = await runCli(['test', join(work, 'missing.md')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such file or directory');
  });
});

/**
 * Runs `nslab test --host` in new network and mount namespaces with a private /run/netns, so
 * that what the scenario leaves behind is seen by nslab as on a host, but never touches this
 * machine (other tests compare the host's state before and after their runs).
 */
function testOnPrivateHost(file: string): Promise<CliRun> {
  const script = 'mkdir -p /run/netns && mount -t tmpfs nslab-test /run/netns && exec node bin/nslab test --host "$0"';
  return runProcess('unshare', ['--net', '--mount', 'sh', '-c', script, file]);
}

describe('nslab test --host', () => {
  const scenario = (cleanup: string) =>
    `---\ntitle: Leaves things\nrequires: [ip]\n${cleanup}---\n# Leaves things\n\n## Make them\n\n` +
    '```sh\nip netns add LEFT\nip link add left0 type veth peer name left1\n```\n\n```check\nnamespace LEFT exists\n```\n';

  it('fails a scenario whose cleanup leaves a namespace or a link behind', async () => {
    const file = join(work, 'leaves.md');
    writeFileSync(file, scenario(''));
    const run = await testOnPrivateHost(file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✔ +1 Make them/);
    expect(run.stdout).toContain('✘ left on the host after cleanup: namespace LEFT, link left1, link left0');
  });

  it('passes when the cleanup removes everything', async () => {
    const file = join(work, 'cleans.md');
    writeFileSync(file, scenario('cleanup: |\n  ip netns del LEFT\n  ip link del left0\n'));
    const run = await testOnPrivateHost(file);
    expect(run.stdout).toContain('PASSED · 1 passed, 0 failed, 0 not run');
    expect(run.code).toBe(0);
  });
});

describe('nslab test option combinations', () => {
  it('refuses --mutate with --accept, and --yes without --accept (exit 2)', async () => {
    const both = await runCli(['test', '--mutate', '--accept', 'scenarios/']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--mutate and --accept cannot be used together');
    const yes = await runCli(['test', '--yes', 'scenarios/']);
    expect(yes.code).toBe(2);
    expect(yes.stderr).toContain('--yes only applies with --accept');
  });
});
