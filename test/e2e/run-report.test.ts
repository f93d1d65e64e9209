import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { validateSchema } from '../helpers/json-schema.js';
import { chmodSync, chownSync, mkdirSync, statSync, readdirSync } from 'node:fs';
import { ROOT, runCli, runProcess } from '../helpers/run-cli.js';
import type { RunReport } from '../../src/report/run-report.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** This file's own progress store, so that the listing holds only its runs. */
const STATE = { XDG_STATE_HOME: join(work, 'state') };
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'docs/report.schema.json'), 'utf8')) as Record<string, unknown>;

const SCENARIO = join(work, 'lab.md');
writeFileSync(
  SCENARIO,
  `---
title: Report lab
requires: [ip, ping]
---
# Report lab

## Read this first

Nothing to run.

## Make a host

\`\`\`sh
ip netns add H1
ip -n H1 link set lo up
\`\`\`

\`\`\`check
namespace H1 exists
\`\`\`

## Reach the far side

\`\`\`sh {exit=2 output="Network is unreachable"}
ip netns exec H1 ping -c 1 -W 1 10.0.2.2
\`\`\`

\`\`\`check
H1: ping 10.0.2.2 succeeds
\`\`\`

## Never reached

\`\`\`sh
true
\`\`\`
`,
);
const SHA = createHash('sha256').update(readFileSync(SCENARIO)).digest('hex');

describe('run --report', () => {
  it('writes a JSON report that the schema accepts: statuses, commands, checks with the diagnosis, totals', async () => {
    const file = join(work, 'out.json');
    const run = await runCli(['run', SCENARIO, '--yes', '--report', file, '--student', 'Ada Lovelace'], STATE);
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
    expect(validateSchema(report, SCHEMA)).toEqual([]);
    expect(report.scenario).toEqual({ title: 'Report lab', path: resolve(SCENARIO), sha256: SHA });
    expect(report.student).toBe('Ada Lovelace');
    expect(report.mode).toBe('run');
    expect(report.status).toBe('failed');
    expect(report.steps.map((s) => s.status)).toEqual(['reading', 'done', 'failed', 'not-reached']);
    const reach = report.steps[2]!;
    // The ping block met its expectation (exit 2, unreachable) and says why; the check did not hold.
    expect(reach.commands[0]).toMatchObject({ line: 25, exitCode: 2, ok: true });
    expect(reach.commands[0]!.diagnosis).toMatch(/H1 has no route to 10\.0\.2\.2/);
    expect(reach.checks[0]).toMatchObject({ source: 'H1: ping 10.0.2.2 succeeds', line: 29, ok: false });
    expect(reach.checks[0]!.found).toMatch(/^ping exited 2/);
    expect(reach.checks[0]!.diagnosis).toMatch(/H1 has no route to 10\.0\.2\.2/);
    expect(report.totals).toMatchObject({ steps: 4, done: 1, reading: 1, failed: 1, notReached: 1 });
    expect(Date.parse(report.finished)).toBeGreaterThanOrEqual(Date.parse(report.started));
  });

  it('the schema rejects a report with a wrong status or a missing field (the validation can fail)', () => {
    const report = JSON.parse(readFileSync(join(work, 'out.json'), 'utf8')) as Record<string, unknown> & RunReport;
    const bad = { ...report, steps: [{ ...report.steps[0]!, status: 'passed' }], totals: undefined };
    expect(validateSchema(JSON.parse(JSON.stringify(bad)), SCHEMA)).toEqual([
      "/: must have required property 'totals'",
      '/steps/0/status: must be equal to one of the allowed values ["done","solved","failed","skipped","not-reached","reading"]',
    ]);
  });

  it('writes JUnit XML for a .xml file: one testcase per step, the failure with its diagnosis, skipped for not reached', async () => {
    const file = join(work, 'out.xml');
    const run = await runCli(['run', SCENARIO, '--yes', '--report', file], STATE);
    expect(run.code).toBe(1);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(file, 'utf8'));
    const suite = xml.testsuites.testsuite;
    expect(suite).toMatchObject({ name: 'Report lab', tests: '4', failures: '1', skipped: '1' });
    const props = Object.fromEntries(suite.properties.property.map((p: { name: string; value: string }) => [p.name, p.value]));
    expect(props).toMatchObject({ sha256: SHA, mode: 'run', status: 'failed' });
    const cases = suite.testcase as Array<Record<string, unknown>>;
    expect(cases.map((c) => c.name)).toEqual(['1. Read this first', '2. Make a host', '3. Reach the far side', '4. Never reached']);
    const failure = cases[2]!.failure as { message: string; '#text': string };
    expect(failure.message).toMatch(/^line 29: ✘ H1: ping 10\.0\.2\.2 succeeds: found ping exited 2/);
    expect(failure['#text']).toMatch(/why: H1 has no route/);
    expect(cases[3]!.skipped).toBeDefined();
  });

  it('--report-format json wins over the extension; an unknown format is a usage error before anything runs', async () => {
    const file = join(work, 'forced.xml');
    await runCli(['run', SCENARIO, '--yes', '--step', '2', '--report', file, '--report-format', 'json'], STATE);
    const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
    expect(report.steps.map((s) => [s.status, s.fastForwarded])).toEqual([['reading', true], ['done', false], ['not-reached', false], ['not-reached', false]]);
    const bad = await runCli(['run', SCENARIO, '--yes', '--report', file, '--report-format', 'yaml'], STATE);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--report-format yaml: expected json, junit or html');
    const nowhere = await runCli(['run', SCENARIO, '--yes', '--report', join(work, 'no-such-dir', 'r.json')], STATE);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain(`--report ${join(work, 'no-such-dir', 'r.json')}: the directory ${join(work, 'no-such-dir')} does not exist`);
    expect(nowhere.stdout).toBe('');
    const dry = await runCli(['run', SCENARIO, '--dry-run', '--report', file], STATE);
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain('a dry run runs nothing');
  });

  it('a directory given as the report, or --report-format alone, is a usage error before anything runs', async () => {
    const directory = await runCli(['run', SCENARIO, '--yes', '--report', work], STATE);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain(`--report ${work}: that is a directory`);
    expect(directory.stdout).toBe('');
    for (const command of [['run', SCENARIO, '--yes'], ['test', SCENARIO]]) {
      const alone = await runCli([...command, '--report-format', 'json'], STATE);
      expect(alone.code, command[0]).toBe(2);
      expect(alone.stderr).toContain('--report-format json only applies with --report FILE');
      expect(alone.stdout).toBe('');
    }
  });

  it('records progress per user and scenario version, and nslab progress lists it', async () => {
    const list = await runCli(['progress', '--format', 'json'], STATE);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as Array<{ progress: { scenario: { sha256: string }; sessions: number; steps: Array<{ status: string }> }; file: string; finished: number; total: number }>;
    expect(rows).toHaveLength(1);
    // `run` finishes steps but earns none: nslab typed the commands.
    expect(rows[0]).toMatchObject({ file: 'current', finished: 2, earned: 0, total: 4 });
    expect(rows[0]!.progress.scenario.sha256).toBe(SHA);
    expect(rows[0]!.progress.sessions).toBe(3);
    expect(rows[0]!.progress.steps.map((s) => s.status)).toEqual(['reading', 'done', 'failed', 'not-reached']);
    const table = await runCli(['progress'], STATE);
    expect(table.stdout).toMatch(/Report lab +\S+lab\.md +2\/4 +0\/4 +\d{4}-\d\d-\d\d \d\d:\d\d +1 failed/);
  });
});

describe('run --host, under sudo', () => {
  it("records progress and writes the report for SUDO_USER: the report names them, and the files are theirs", async () => {
    // --host in new network and mount namespaces with a private /run/netns: a host as nslab sees
    // it, which never touches this machine. sudo's variables for nobody (65534 on Debian).
    // nobody's home is theirs, as a real one is: under sudo, nslab writes their files with their rights.
    const home = join(work, 'nobody-home');
    mkdirSync(home);
    chownSync(home, 65534, 65534);
    chmodSync(work, 0o755);
    const file = join(home, 'host.json');
    const state = join(home, 'state');
    // A private /run/nslab too: the record of the run goes to /run/nslab/host-runs, root's.
    const script =
      'mkdir -p /run/netns /run/nslab && mount -t tmpfs nslab-test /run/netns && mount -t tmpfs -o mode=0755 nslab-test-run /run/nslab && ' +
      'exec node bin/nslab run --host --yes "$0" --step 2 --report "$1"';
    const run = await runProcess('unshare', ['--net', '--mount', 'sh', '-c', script, SCENARIO, file], {
      NSLAB_HOST_RUNS_DIR: undefined,
      XDG_STATE_HOME: state,
      SUDO_USER: 'nobody',
      SUDO_UID: '65534',
      SUDO_GID: '65534',
    });
    expect(run.stderr).not.toContain('progress not saved');
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
    expect(report).toMatchObject({ user: 'nobody', sandbox: 'host', status: 'passed' });
    expect(statSync(file).uid).toBe(65534);
    const dir = join(state, 'nslab', 'progress');
    const [record] = readdirSync(dir);
    expect(statSync(join(dir, record!)).uid).toBe(65534);
    expect(statSync(join(state, 'nslab')).uid).toBe(65534);
    expect(JSON.parse(readFileSync(join(dir, record!), 'utf8'))).toMatchObject({ user: 'nobody', sessions: 1 });
    // The run's record (root's) was not kept in their state directory.
    expect(readdirSync(join(state, 'nslab'))).not.toContain('host-runs');
  });
});

describe('test --report', () => {
  it('writes a JSON report in mode test for one scenario, and refuses JSON for several', async () => {
    const file = join(work, 'test.json');
    const run = await runCli(['test', 'scenarios/l3-router.md', '--report', file], STATE);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
    expect(validateSchema(report, SCHEMA)).toEqual([]);
    expect(report.mode).toBe('test');
    expect(report.totals.done).toBe(8);
    const several = await runCli(['test', 'scenarios/', '--report', file], STATE);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('a JSON report holds one scenario');
  });
});

describe('nslab grade', () => {
  it('merges the reports above into a class table and a CSV, flagging the other scenario', async () => {
    const csv = join(work, 'class.csv');
    const run = await runCli(['grade', join(work, 'out.json'), join(work, 'forced.xml'), join(work, 'test.json'), '--csv', csv], STATE);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Report lab · sha256 [0-9a-f]{12}… · 2 students$/m);
    // A run's steps are nslab's work (R), not the student's: none is earned.
    expect(run.stdout).toMatch(/^Ada Lovelace +– +R +✘ +· +0\/4 +0 +- +\d/m);
    // forced.xml was run with --step 2: step 1 was fast-forwarded, not done by the student.
    expect(run.stdout).toMatch(/^forced +» +R +· +· +0\/4 +0/m);
    expect(run.stdout).toContain(`⚠ ${join(work, 'test.json')}: a report of another scenario (l3-router.md, graded: lab.md): not graded`);
    const lines = readFileSync(csv, 'utf8').split('\r\n');
    expect(lines[0]).toBe('student,report,1. Read this first,2. Make a host,3. Reach the far side,4. Never reached,steps earned,hints used,predictions right,predictions,time spent (s),note');
    expect(lines[1]).toMatch(new RegExp(`^Ada Lovelace,${join(work, 'out.json')},read,ran by nslab,failed,not reached,0,0,0,0,\\d+,$`));
    expect(lines[2]).toMatch(/^forced,.*,fast-forwarded,ran by nslab,not reached,not reached,0,/);
    expect(lines[3]).toMatch(/^test,.*,"a report of another scenario \(l3-router\.md, graded: lab\.md\): not graded"$/);
  });

  it('grades a file named twice once, and says why nothing can be graded before saying so', async () => {
    const twice = await runCli(['grade', join(work, 'out.json'), `${work}/./out.json`], STATE);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toMatch(/· 1 student$/m);
    expect(twice.stdout).not.toContain('⚠');
    const junit = join(work, 'a.xml');
    writeFileSync(junit, '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="4">\n</testsuites>\n');
    const xml = await runCli(['grade', junit], STATE);
    expect(xml.code).toBe(2);
    expect(xml.stdout).toBe(`⚠ ${junit}:1:1: not valid JSON: unexpected token '<'\nno report to grade: every one given is left out (above)\n`);
  });
});
