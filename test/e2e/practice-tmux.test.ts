import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/run-report.js';
import { stepCommands } from '../../src/run/step-commands.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { hostSnapshot, RUN_TAG_VARIABLE, waitForClean } from '../helpers/host-snapshot.js';
import { ROOT } from '../helpers/run-cli.js';
import { count, TmuxTerminal } from '../helpers/tmux.js';

const FILE = 'scenarios/l3-router.md';
const WRONG_GATEWAY = 'ip netns exec H1 ip route add default via 10.0.1.9 dev H1-eth0';
const FIX = 'ip netns exec H1 ip route replace default via 10.0.1.1 dev H1-eth0';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const readReport = (name: string) => JSON.parse(readFileSync(join(work, name), 'utf8')) as RunReport;

let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.close());

/**
 * Starts `nslab practice` in a fresh terminal, tagged so that its processes can be found; at
 * step 1 whatever other tests left in the shared progress store (`--restart`: no resume question).
 */
function startPractice(tag: string, report: string): TmuxTerminal {
  const command = `env NO_COLOR=1 ${RUN_TAG_VARIABLE}=${tag} node bin/nslab practice ${FILE} --restart --report ${report}; echo "NSLAB-EXIT=$?"`;
  return new TmuxTerminal(command, ROOT);
}

const prompt = (step: string) => `[l3-router ${step}] # `;
/** The screen ends with the prompt: the command before it ran, and so did the check after it. */
const atPrompt = (step: string) => (s: string) => s.trimEnd().endsWith(prompt(step).trimEnd());

/** Types a command and waits for the next prompt: the command ran, and so did the check after it. */
async function typeAndWait(t: TmuxTerminal, command: string, step: string): Promise<void> {
  const prompts = count(t.screen(), prompt(step));
  t.type(command);
  await t.waitFor((s) => count(s, prompt(step)) > prompts && atPrompt(step)(s));
}

describe('nslab practice through a real terminal (tmux)', () => {
  it('typing the router walkthrough with a wrong gateway: no false ✔, why names the cause, every step done once fixed', async () => {
    const scenario = await loadScenario(FILE);
    const tag = randomBytes(6).toString('hex');
    const before = hostSnapshot(tag);
    const t = (terminal = startPractice(tag, join(work, 'walk.json')));
    await t.waitFor((s) => atPrompt('1/8')(s));
    for (const step of scenario.steps) {
      const n = step.number;
      let commands = stepCommands(step).map((c) => c.command.text);
      if (step.id === 'add-default-routes') {
        // The deliberate mistake: H1's default route through an address nobody has.
        commands = commands.filter((c) => !c.startsWith('ip netns exec H1 ip route add default'));
        for (const c of [WRONG_GATEWAY, ...commands]) await typeAndWait(t, c, `${n}/8`);
        const screen = t.screen();
        expect(count(screen, `✔ step ${n} done`)).toBe(0);
        t.type('why H1 10.0.2.2');
        const why = await t.waitFor(/Cause: .*10\.0\.1\.9/);
        expect(why).toContain('✘ H1 → ?');
        t.type(FIX);
      } else {
        for (const c of commands) t.type(c);
      }
      await t.waitFor((s) => count(s, `✔ step ${n} done`) === 1);
    }
    await t.waitFor(/Every step is finished/);
    await t.waitFor(atPrompt('done'));
    t.type('exit');
    const end = await t.waitFor(/NSLAB-EXIT=\d+/);
    expect(end).toContain('NSLAB-EXIT=0');
    const summary = end.slice(end.lastIndexOf('Practice ended'));
    expect(summary.match(/^ {2}✔ \d /gm)).toHaveLength(8);
    expect(summary).not.toContain('solved');
    expect(summary).toContain('8 of 8 steps finished');
    const report = readReport('walk.json');
    expect(report).toMatchObject({ mode: 'practice', status: 'passed', totals: { done: 8, solved: 0 } });
    // The one diagnosis the student asked for, kept with the step they were stuck on.
    const diagnoses = report.steps.flatMap((s) => (s.diagnoses ?? []).map((d) => ({ step: s.id, ...d })));
    expect(diagnoses).toEqual([
      expect.objectContaining({ step: 'add-default-routes', src: 'H1', dst: '10.0.2.2', clear: false, fix: 'ip netns exec H1 ip route replace default via 10.0.1.1 dev H1-eth0' }),
    ]);
    expect(diagnoses[0]!.because).toContain('10.0.1.9');
    expect(await waitForClean(before, 3000, tag)).toEqual({});
  });

  it("credits steps 5 and 7 only for the student's own observation: not for an unrelated command, a typo or another ping; the report says done only for what the student earned", async () => {
    const scenario = await loadScenario(FILE);
    const tag = randomBytes(6).toString('hex');
    const before = hostSnapshot(tag);
    const t = (terminal = startPractice(tag, join(work, 'earned.json')));
    await t.waitFor((s) => atPrompt('1/8')(s));
    for (const c of stepCommands(scenario.steps[0]!)) t.type(c.command.text);
    await t.waitFor(/✔ step 1 done/);
    for (const n of [2, 3, 4]) {
      t.type('solve');
      await t.waitFor(new RegExp(`✔ step ${n} solved`));
      await t.waitFor(atPrompt(`${n + 1}/8`));
    }
    // Step 5 says what to observe, and nothing but the student's own observation credits it.
    expect(t.screen()).toContain('H1 pings 10.0.2.2 → exit 2, "Network is unreachable"');
    for (const c of ['ls', 'ip netns exec H1 pign 10.0.2.2', 'ip netns exec R ping -c 1 -W 1 10.0.1.2', 'next']) await typeAndWait(t, c, '5/8');
    expect(count(t.screen(), '✔ step 5 done')).toBe(0);
    expect(t.screen()).toContain('Step 5 is done when you see it yourself');
    t.type('ip netns exec H1 ping -c 3 10.0.2.2');
    await t.waitFor(/✔ step 5 done/);
    await t.waitFor(atPrompt('6/8'));
    for (const c of stepCommands(scenario.steps[5]!).filter((c) => c.command.text.includes(' add '))) t.type(c.command.text);
    await t.waitFor(/✔ step 6 done/);
    await t.waitFor(atPrompt('7/8'));
    // Step 7 held before the student did anything: a typo of the next step's sysctl does not make it theirs.
    for (const c of ['ls', 'ip netns exec R sysctl ip_foward=1']) await typeAndWait(t, c, '7/8');
    expect(count(t.screen(), '✔ step 7 done')).toBe(0);
    // A ping without -c, stopped with Ctrl-C after a few lost requests: the student watched them get lost.
    t.type('ip netns exec H1 ping 10.0.2.2');
    await t.waitFor('PING 10.0.2.2');
    await new Promise((r) => setTimeout(r, 1500));
    t.send('C-c');
    await t.waitFor(/✔ step 7 done/);
    await t.waitFor(atPrompt('8/8'));
    t.type('exit');
    const end = await t.waitFor(/NSLAB-EXIT=\d+/);
    expect(end).toContain('4 done by you');
    const report = readReport('earned.json');
    expect(report.steps.map((s) => [s.status, s.credit])).toEqual([
      ['done', 'done'], ['solved', 'solved'], ['solved', 'solved'], ['solved', 'solved'],
      ['done', 'done'], ['done', 'done'], ['done', 'done'], ['failed', 'failed'],
    ]);
    expect(report.totals).toMatchObject({ done: 4, earned: 4, solved: 3, failed: 1 });
    // What nslab ran again to confirm each observation: the probe, as the step expects it.
    expect(report.steps[4]!.commands).toEqual([expect.objectContaining({ command: 'ip netns exec H1 ping -c 1 -W 1 10.0.2.2', exitCode: 2, ok: true })]);
    expect(report.steps[6]!.commands).toEqual([expect.objectContaining({ command: 'ip netns exec H1 ping -c 1 -W 1 10.0.2.2', exitCode: 1, ok: true })]);
    expect(await waitForClean(before, 3000, tag)).toEqual({});
  });

  it('solve runs a step for the student: it is reported solved, not done; hint shows the written hints, then what does not hold', async () => {
    const scenario = await loadScenario(FILE);
    const tag = randomBytes(6).toString('hex');
    const before = hostSnapshot(tag);
    const t = (terminal = startPractice(tag, join(work, 'solve.xml')));
    await t.waitFor((s) => atPrompt('1/8')(s));
    for (const c of stepCommands(scenario.steps[0]!)) t.type(c.command.text);
    await t.waitFor(/✔ step 1 done/);
    await t.waitFor(atPrompt('2/8'));
    t.type('hint');
    await t.waitFor(/Hint 1\/2: /);
    t.type('hint');
    await t.waitFor(/Hint 2\/2: /);
    t.type('hint');
    await t.waitFor(/No more written hints \(2 shown\)\. What does not hold yet \(and \d+ more\):\n  ✘ H1: link H1-eth0 exists/);
    t.type('solve');
    await t.waitFor(/✔ step 2 solved/);
    await t.waitFor(atPrompt('3/8'));
    t.type('status');
    const status = await t.waitFor(/1 of 8 steps finished|2 of 8 steps finished/);
    expect(status).toMatch(/✔ 2 Wire the links {2}solved/);
    expect(status).toMatch(/▸ 3 Give every interface an address {2}\(current step\)/);
    t.type('exit');
    const end = await t.waitFor(/NSLAB-EXIT=\d+/);
    expect(end).toContain('NSLAB-EXIT=1');
    const summary = end.slice(end.lastIndexOf('Practice ended'));
    expect(summary).toMatch(/✔ 1 Create the hosts and the router\n/);
    expect(summary).toMatch(/✔ 2 Wire the links {2}solved/);
    expect(summary).toMatch(/✘ 3 Give every interface an address/);
    expect(summary).toContain('2 of 8 steps finished');
    // The JUnit report (a .xml file) says the same: step 2 solved, step 3 the failure.
    const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(work, 'solve.xml'), 'utf8')).testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '8', failures: '1' });
    expect(suite.testcase[1]['system-out']).toContain('solved by nslab');
    expect(suite.testcase[2].failure).toBeDefined();
    expect(await waitForClean(before, 3000, tag)).toEqual({});
  });
});
