import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ScenarioProgress } from '../../src/progress/model.js';
import type { RunReport } from '../../src/report/run-report.js';
import { stepCommands } from '../../src/run/step-commands.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { hostSnapshot, RUN_TAG_VARIABLE, waitForClean } from '../helpers/host-snapshot.js';
import { validateSchema } from '../helpers/json-schema.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { TmuxTerminal } from '../helpers/tmux.js';

const FILE = 'scenarios/l3-router.md';
const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** This file's own progress store. */
const STATE = { XDG_STATE_HOME: join(work, 'state') };
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'docs/report.schema.json'), 'utf8')) as Record<string, unknown>;

let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.close());

/** Starts `nslab practice ARGS` in a fresh terminal, with this file's progress store, tagged. */
function startPractice(tag: string, args: string): TmuxTerminal {
  const command = `env NO_COLOR=1 XDG_STATE_HOME=${STATE.XDG_STATE_HOME} ${RUN_TAG_VARIABLE}=${tag} node bin/nslab practice ${FILE} ${args}; echo "NSLAB-EXIT=$?"`;
  return new TmuxTerminal(command, ROOT);
}

const atPrompt = (step: string) => (s: string) => s.trimEnd().endsWith(`[l3-router ${step}] #`);
const readReport = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as RunReport;
/** The screen's line that matches `pattern`. */
const lineOf = (screen: string, pattern: RegExp) => screen.split('\n').find((l) => pattern.test(l))?.trimEnd() ?? '';

describe('nslab practice: progress, --report and resume', () => {
  it('records a session; after a guided run of every step the next one still asks to resume at step 2 of the practice, in words; --resume says where and why; --restart does not ask', async () => {
    const scenario = await loadScenario(FILE);
    const tag = randomBytes(6).toString('hex');
    const before = hostSnapshot(tag);
    const first = join(work, 'first.json');
    let t = (terminal = startPractice(tag, `--report ${first} --student Ada`));
    await t.waitFor(atPrompt('1/8'));
    for (const c of stepCommands(scenario.steps[0]!)) t.type(c.command.text);
    await t.waitFor(/✔ step 1 done/);
    await t.waitFor(atPrompt('2/8'));
    t.type('exit');
    expect(await t.waitFor(/NSLAB-EXIT=\d+/)).toContain('NSLAB-EXIT=1');
    t.close();
    terminal = undefined;

    const report = readReport(first);
    expect(validateSchema(report, SCHEMA)).toEqual([]);
    expect(report).toMatchObject({ mode: 'practice', sandbox: 'private', status: 'quit', student: 'Ada', scenario: { path: resolve(FILE) } });
    expect(report.steps.map((s) => s.status)).toEqual(['done', 'failed', ...Array(6).fill('not-reached')]);
    expect(report.steps[0]!.checks.length).toBeGreaterThan(0);
    expect(report.steps[0]!.checks.every((c) => c.ok)).toBe(true);

    // A guided run passes every step in between: resume still goes on from the practice.
    const runFile = join(work, 'run.json');
    expect((await runCli(['run', FILE, '--yes', '--report', runFile], STATE)).code).toBe(0);
    const run = readReport(runFile);

    // The second session: a question (nothing after its `(Y/n)`), Enter for yes, answered in
    // words; step 1's commands run for the student.
    const second = join(work, 'second.json');
    t = terminal = startPractice(tag, `--report ${second}`);
    const question = /Resume at step 2 \(Wire the links\)\? \(Y\/n\)/;
    const screen = await t.waitFor(question);
    expect(screen).toMatch(/Your last practice ended [-\d]+ [:\d]+ with step 1 finished; resuming runs its commands first, in the new sandbox\.\n\? Resume at step 2/);
    const asked = lineOf(screen, question);
    expect(asked).toMatch(/\(Y\/n\) \S$/);
    expect(asked).not.toMatch(/true|false/);
    t.type('');
    const answered = lineOf(await t.waitFor(/Resumed at step 2: nslab ran the commands of step 1/), question);
    expect(answered).toMatch(/\(Y\/n\) \S yes, resuming at step 2$/);
    await t.waitFor(atPrompt('2/8'));
    t.type('ip netns list | sort | tr "\\n" " "; echo');
    await t.waitFor(/H1 H2 R/);
    t.type('exit');
    expect(await t.waitFor(/NSLAB-EXIT=\d+/)).toContain('NSLAB-EXIT=1');
    t.close();
    terminal = undefined;
    const resumed = readReport(second);
    expect(validateSchema(resumed, SCHEMA)).toEqual([]);
    expect(resumed.steps.slice(0, 2).map((s) => [s.status, s.fastForwarded])).toEqual([['done', true], ['failed', false]]);

    // `nslab progress` lists the three sessions; the fast-forward did not count as the student's
    // work; the latest practice is recorded apart from the best outcomes.
    const listed = await runCli(['progress', '--format', 'json'], STATE);
    const [record] = JSON.parse(listed.stdout) as Array<{ progress: ScenarioProgress; finished: number }>;
    expect(record!.progress.sessions).toBe(3);
    expect(record!.finished).toBe(8);
    expect(record!.progress.steps[0]!.timeMs).toBe(report.steps[0]!.durationMs + run.steps[0]!.durationMs);
    expect(record!.progress.lastPractice).toEqual({ ended: resumed.finished, finished: [1] });

    // `--resume` says where it starts and why; here the answer is `n`.
    t = terminal = startPractice(tag, '--resume');
    await t.waitFor(/--resume: starting at step 2 \(Wire the links\), the first step your last practice \(ended [-\d]+ [:\d]+\) did not finish; nslab runs the commands of step 1 first\./);
    await t.waitFor(atPrompt('2/8'));
    t.type('exit');
    await t.waitFor(/NSLAB-EXIT=\d+/);
    t.close();
    // Ctrl-C at the question: cancelled, with no answer shown on the question's line.
    t = terminal = startPractice(tag, '');
    await t.waitFor(question);
    t.send('C-c');
    const cancelled = await t.waitFor(/NSLAB-EXIT=\d+/);
    expect(lineOf(cancelled, question)).toMatch(/\(Y\/n\)( \S)?$/);
    expect(cancelled).toMatch(/\(Y\/n\)[^\n]*\n(.*\n)*Cancelled\./);
    t.close();
    t = terminal = startPractice(tag, '');
    await t.waitFor(question);
    t.send('n');
    const refused = await t.waitFor(atPrompt('1/8'));
    expect(lineOf(refused, question)).toMatch(/\(Y\/n\) \S no, starting at step 1$/);
    t.type('exit');
    await t.waitFor(/NSLAB-EXIT=\d+/);
    t.close();
    // That practice ended at step 1, unfinished: it is the latest, so nothing is offered.
    t = terminal = startPractice(tag, '--resume');
    await t.waitFor(/--resume: starting at step 1, nothing to resume: your last practice \(ended [-\d]+ [:\d]+\) did not finish step 1\./);
    await t.waitFor(atPrompt('1/8'));
    t.type('exit');
    await t.waitFor(/NSLAB-EXIT=\d+/);
    t.close();

    t = terminal = startPractice(tag, '--restart');
    const fresh = await t.waitFor(atPrompt('1/8'));
    expect(fresh).not.toContain('Resume at');
    t.type('exit');
    await t.waitFor(/NSLAB-EXIT=\d+/);
    expect(await waitForClean(before, 3000, tag)).toEqual({});
  }, 120_000);
});

describe('nslab practice: the terminal closes', () => {
  it('still writes the report (status interrupted) and records progress, leaving nothing on the host', async () => {
    const scenario = await loadScenario(FILE);
    const tag = randomBytes(6).toString('hex');
    const before = hostSnapshot(tag);
    const file = join(work, 'hangup.json');
    const t = (terminal = startPractice(tag, `--restart --report ${file}`));
    await t.waitFor(atPrompt('1/8'));
    for (const c of stepCommands(scenario.steps[0]!)) t.type(c.command.text);
    await t.waitFor(atPrompt('2/8'));
    t.close(); // the terminal closes: SIGHUP to its foreground process group, the practice shell
    terminal = undefined;
    const deadline = Date.now() + 15_000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const report = readReport(file);
    expect(validateSchema(report, SCHEMA)).toEqual([]);
    expect(report.status).toBe('interrupted');
    expect(report.steps.slice(0, 2).map((s) => s.status)).toEqual(['done', 'failed']);
    // The step the student was on, verified in full as the session ended: all five checks, the
    // four links missing (with what was found), `link R-eth1 is absent` from the root holding.
    const wire = report.steps[1]!.checks;
    expect(wire.map((c) => c.ok)).toEqual([false, false, false, false, true]);
    expect(wire.slice(0, 4).every((c) => c.expected !== '' && c.found !== '')).toBe(true);
    const listed = await runCli(['progress', '--format', 'json'], STATE);
    const [latest] = JSON.parse(listed.stdout) as Array<{ progress: { lastActivity: string } }>;
    expect(latest!.progress.lastActivity).toBe(report.finished);
    expect(await waitForClean(before, 5000, tag)).toEqual({});
  }, 60_000);
});

describe('nslab practice and check: bad options are usage errors before anything runs', () => {
  it('--resume with --restart, a report in a missing directory, a bad --report-format', async () => {
    const both = await runCli(['practice', FILE, '--resume', '--restart'], STATE);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--resume and --restart cannot be used together');
    const missing = await runCli(['practice', FILE, '--report', join(work, 'nowhere', 'r.json')], STATE);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`the directory ${join(work, 'nowhere')} does not exist`);
    const format = await runCli(['check', FILE, '--report', join(work, 'r.txt'), '--report-format', 'yaml'], STATE);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--report-format yaml: expected json, junit or html');
  });
});
