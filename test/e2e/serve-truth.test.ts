/**
 * `nslab serve` never shows a ✔ that is not earned or no longer holds (issue 21), with real
 * practice sessions of the router walkthrough in private sandboxes, through the page's
 * WebSocket: a finished step broken later is marked not holding now (its credit stays), a step
 * finished while *Run* typed its commands is solved, the report stays after `exit`, a scenario
 * that does not parse is listed with its errors, and a missing Graphviz is said.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import type { LessonState, ServerMessage, StepView } from '../../src/view/web/protocol.js';
import { openPage, type PageClient } from '../helpers/serve-page-client.js';

const LESSON = 'l3-router';
type StateMessage = Extract<ServerMessage, { t: 'state' }>;
/** The first state, after the messages already seen (`from`), that meets `test`. */
const stateWhere = (test: (s: LessonState) => boolean) => (m: ServerMessage): m is StateMessage => m.t === 'state' && test(m.state);
const STEP1 = ['ip netns add H1', 'ip netns add H2', 'ip netns add R', 'ip netns exec R sysctl -qw net.ipv4.ip_forward=0'];
const STEP3 = [
  'ip netns exec H1 ifconfig lo up', 'ip netns exec H1 ifconfig H1-eth0 10.0.1.2 netmask 255.255.255.0 up',
  'ip netns exec H2 ifconfig lo up', 'ip netns exec H2 ifconfig H2-eth0 10.0.2.2 netmask 255.255.255.0 up',
  'ip netns exec R ifconfig lo up', 'ip netns exec R ifconfig R-eth1 10.0.1.1 netmask 255.255.255.0 up',
  'ip netns exec R ifconfig R-eth2 10.0.2.1 netmask 255.255.255.0 up',
];

/** Waits for a state that arrives after the page's current last message. */
async function nextState(page: PageClient, test: (s: LessonState) => boolean, what: string): Promise<LessonState> {
  const seen = page.messages.length;
  const found = await page.waitFor((m): m is StateMessage => page.messages.indexOf(m) >= seen && m.t === 'state' && test(m.state), 60_000, what);
  return found.state;
}

const passedChecks = (step: StepView) => step.checks.filter((c) => c.mark === 'passed').map((c) => c.text);

let server: RunningServer;
let stateHome: string;
let courseDir: string;
const cookie = () => ({ Cookie: `nslab_token_${server.port}=${server.token}` });

beforeAll(async () => {
  // A store of its own: no practice of another test file resumes this lesson at a later step.
  stateHome = mkdtempSync(join(tmpdir(), 'nslab-e2e-serve-truth-'));
  process.env.XDG_STATE_HOME = stateHome;
  courseDir = mkdtempSync(join(tmpdir(), 'nslab-e2e-serve-course-'));
  copyFileSync('scenarios/l3-router.md', join(courseDir, 'l3-router.md'));
  writeFileSync(join(courseDir, 'broken.md'), '---\ntitle: Broken\nnonsense: [\n---\n# Broken\n\n## A step\n\n```check\nH1: link nothing frobnicates\n```\n');
  server = await startServer({ paths: [courseDir] });
});

afterAll(async () => {
  await server?.close();
  rmSync(stateHome, { recursive: true, force: true });
  rmSync(courseDir, { recursive: true, force: true });
});

describe('nslab serve: marks follow the network', () => {
  let page: PageClient;

  it('marks a finished step that the student broke as not holding now: its broken check ✘ with what was found, its credit kept', async () => {
    page = await openPage({ port: server.port, lesson: LESSON, token: server.token });
    await page.waitFor(stateWhere((s) => s.current === 1), 60_000, 'state at step 1');
    for (const line of STEP1) page.send({ t: 'in', d: `${line}\r` });
    const done = await page.waitFor(stateWhere((s) => s.current === 2), 60_000, 'state at step 2');
    expect(done.state.steps[0]!.mark).toBe('done');
    page.send({ t: 'in', d: 'ip netns exec R sysctl -qw net.ipv4.ip_forward=1\r' });
    const broken = await nextState(page, (s) => s.steps[0]!.holdsNow === false, 'step 1 not holding now');
    const step = broken.steps[0]!;
    expect(step.mark).toBe('done');
    const forward = step.checks.find((c) => c.text.includes('ip_forward'))!;
    expect(forward.mark).toBe('failed');
    expect(forward.found).toBeTruthy();
    expect(passedChecks(step)).not.toContain(forward.text);
    // Every page state sent since: no ✔ on the check that does not hold.
    expect(passedChecks(broken.steps[0]!)).toHaveLength(step.checks.length - 1);
  });

  it('marks it holding again once the student repairs it', async () => {
    page.send({ t: 'in', d: 'ip netns exec R sysctl -qw net.ipv4.ip_forward=0\r' });
    const repaired = await nextState(page, (s) => s.steps[0]!.holdsNow === true, 'step 1 holding again');
    expect(repaired.steps[0]!.checks.every((c) => c.mark === 'passed')).toBe(true);
  });

  it("takes the shell's `check`: its verdict on the finished steps is on the page", async () => {
    page.send({ t: 'in', d: 'ip netns del H2; check\r' });
    const checked = await nextState(page, (s) => s.steps[0]!.holdsNow === false, 'step 1 broken after check');
    expect(checked.steps[0]!.checks.find((c) => c.text === 'namespace H2 exists')!.mark).toBe('failed');
    page.send({ t: 'in', d: 'ip netns add H2\r' });
    await nextState(page, (s) => s.steps[0]!.holdsNow === true, 'step 1 holding again');
  });

  it('counts a step finished while Run typed its commands as solved (Run), and says so; the next step typed by the student is done', async () => {
    page.send({ t: 'run', step: 2, block: 0 });
    const solved = await nextState(page, (s) => s.current === 3, 'state at step 3');
    expect(solved.steps[1]).toMatchObject({ mark: 'solved', solvedBy: 'run' });
    await page.waitForOutput('solved (Run typed its commands)');
    for (const line of STEP3) page.send({ t: 'in', d: `${line}\r` });
    const done = await nextState(page, (s) => s.current === 4, 'state at step 4');
    expect(done.steps[2]!.mark).toBe('done');
    expect(done.steps[2]!.solvedBy).toBeUndefined();
  });

  it("keeps the report after exit until the lesson's next session starts; the report says solved for Run's step", async () => {
    page.send({ t: 'in', d: 'exit\r' });
    await page.waitFor((m) => m.t === 'ended', 60_000, 'ended');
    const json = await fetch(`http://127.0.0.1:${server.port}/lesson/${LESSON}/report.json`, { headers: cookie() });
    expect(json.status).toBe(200);
    const report = (await json.json()) as { steps: Array<{ status: string }>; totals: { earned: number; solved: number } };
    expect(report.steps.slice(0, 3).map((s) => s.status)).toEqual(['done', 'solved', 'done']);
    expect(report.totals.solved).toBe(1);
    const html = await fetch(`http://127.0.0.1:${server.port}/lesson/${LESSON}/report.html`, { headers: cookie() });
    expect(html.status).toBe(200);
    expect(await html.text()).not.toContain('every step held');
  });

  it('reports the new session once the lesson is opened again', async () => {
    const again = await openPage({ port: server.port, lesson: LESSON, token: server.token });
    await again.waitFor(stateWhere((s) => s.current === 1), 60_000, 'a new session at step 1');
    const json = await fetch(`http://127.0.0.1:${server.port}/lesson/${LESSON}/report.json`, { headers: cookie() });
    const report = (await json.json()) as { steps: Array<{ status: string }> };
    expect(report.steps[0]!.status).toBe('failed');
    again.send({ t: 'in', d: 'exit\r' });
    await again.waitFor((m) => m.t === 'ended', 60_000, 'ended');
  });
});

describe('nslab serve: the course and its assets', () => {
  it('lists a scenario that does not parse with its errors and the lint command, and opens no lesson for it', async () => {
    expect(server.unparsed).toEqual([{ file: join(courseDir, 'broken.md'), errors: expect.any(Number) }]);
    const res = await fetch(`http://127.0.0.1:${server.port}/`, { headers: cookie() });
    const body = await res.text();
    expect(body).toMatch(/has \d+ errors?: run <code>nslab lint [^<]*broken\.md<\/code>/);
    expect(body).not.toContain('href="/lesson/broken"');
    expect((await fetch(`http://127.0.0.1:${server.port}/lesson/broken`, { headers: cookie() })).status).toBe(404);
  });

  it("serves the bundle's licence notes as plain text", async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/assets/lesson.js.LEGAL.txt`, { headers: cookie() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('tells the page when the topology cannot be drawn (no Graphviz)', async () => {
    const noDot = await startServer({ paths: ['scenarios/l3-router.md'], dot: '/nonexistent/dot' });
    try {
      const page = await openPage({ port: noDot.port, lesson: LESSON, token: noDot.token });
      await page.waitFor(stateWhere((s) => s.current === 1), 60_000, 'state at step 1');
      page.send({ t: 'in', d: 'ip netns add H1\r' });
      const told = await page.waitFor((m) => m.t === 'topology-unavailable', 60_000, 'topology-unavailable');
      expect((told as Extract<ServerMessage, { t: 'topology-unavailable' }>).reason).toContain('apt-get install graphviz');
      expect(page.messages.some((m) => m.t === 'topology')).toBe(false);
    } finally {
      await noDot.close();
    }
  });
});
