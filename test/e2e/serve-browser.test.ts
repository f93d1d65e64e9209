/**
 * `nslab serve` in a real browser (headless Chromium, Debian package `chromium`, driven by
 * playwright-core): the CLI as a child process, the router lesson in a real sandbox, the
 * student's keys typed into the page's terminal (xterm.js). The course page, the lesson's checks
 * ticking and the topology growing, *Run*, a reload, a second tab, the token and the Origin, and
 * a page that logs no error and asks nothing of another origin. Screenshots go to
 * test-artifacts/ (gitignored) for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Dialog, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stepCommands } from '../../src/run/step-commands.js';
import { checksOf } from '../../src/run/run-step.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { Scenario } from '../../src/scenario/model.js';
import { hostSnapshot, RUN_TAG_VARIABLE } from '../helpers/host-snapshot.js';
import { ROOT } from '../helpers/run-cli.js';
import { startServeChild, type ServeChild } from '../helpers/serve-child.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const FILE = 'scenarios/l3-router.md';
const LESSON = 'l3-router';
/** Waiting for the sandbox and the checks after a command: generous, never a measure. */
const LONG = 60_000;

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-serve-browser-'));
const tag = `serve-browser-${process.pid}-${Date.now()}`;
let scenario: Scenario;
let server: ServeChild;
let browser: Browser;
/** The student's browser: it keeps the token's cookie, as a person's would. */
let student: BrowserContext;
/** The lesson page the student drives. */
let page: Page;
/** Console errors and uncaught exceptions of the student's pages. */
const errors: string[] = [];
/** Requests the student's pages made to anywhere but the server (each aborted). */
const foreign: string[] = [];

beforeAll(async () => {
  scenario = await loadScenario(FILE);
  server = await startServeChild({ args: [FILE], env: { XDG_STATE_HOME: join(work, 'state'), [RUN_TAG_VARIABLE]: tag } });
  // Chromium's own sandbox will not start as root (these tests run as root, for namespaces).
  browser = await chromium.launch({ executablePath: CHROMIUM, chromiumSandbox: false });
  student = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const origin = `http://127.0.0.1:${server.port}`;
  await student.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  student.on('page', (p) => {
    p.on('console', (m) => m.type() === 'error' && errors.push(`${p.url()}: ${m.text()}`));
    p.on('pageerror', (e) => errors.push(`${p.url()}: ${e.message}`));
    p.on('response', (r) => r.status() >= 400 && errors.push(`${r.url()}: ${r.status()}`));
  });
});

afterAll(async () => {
  await browser?.close();
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  rmSync(work, { recursive: true, force: true });
});

/** What the terminal shows now: its rows as xterm's DOM renderer draws them. */
const screenText = (p: Page) => p.locator('.xterm-rows').innerText();

/** Waits until the terminal shows `text` (a lesson's commands take seconds, not milliseconds). */
async function waitForScreen(p: Page, text: string): Promise<void> {
  await p.waitForFunction((t) => document.querySelector('.xterm-rows')?.textContent?.replace(/\u00a0/g, ' ').includes(t) ?? false, text, { timeout: LONG, polling: 100 });
}

/** The practice shell's prompt ends the screen: the command before it ran, and the checks after it. */
async function waitForPrompt(p: Page): Promise<void> {
  await p.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('.xterm-rows > div')].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).filter((r) => r !== '');
      return /^\[l3-router [^\]]+\] #$/.test(rows.at(-1) ?? '');
    },
    undefined,
    { timeout: LONG, polling: 100 },
  );
}

/**
 * Types lines into the page's terminal with the keyboard, as a student does, each ended by
 * Enter; unless `wait` is false, each after the answer to the one before (the echo of what was
 * typed, then the prompt after it: a student reads the answer).
 */
async function typeLines(p: Page, lines: readonly string[], wait = true): Promise<void> {
  await p.locator('.xterm-helper-textarea').focus();
  for (const line of lines) {
    await p.keyboard.type(line);
    // Before Enter, the echo: else the prompt before it would pass for the answer.
    if (wait) {
      await p.waitForFunction(
        // The rows joined as drawn: a long line wraps onto the next row.
        (line) => [...document.querySelectorAll('.xterm-rows > div')].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ')).join('').trimEnd().endsWith(line),
        line,
        { timeout: LONG, polling: 50 },
      );
    }
    await p.keyboard.press('Enter');
    if (wait) await waitForPrompt(p);
  }
}

/** The commands of step `n` of the lesson, as the scenario has them. */
const commandsOf = (n: number) => stepCommands(scenario.steps[n - 1]!).map((c) => c.command.text);

/**
 * Waits until step `n` is finished on the page: marked `mark` (done: by the student's own
 * commands; solved: Run typed them) in the step list, its checks ✔
 * (every one; for a step the student's observation verifies, one of the observations it lists),
 * and the next step (or the end of the lesson) shown.
 */
async function waitForStepDone(p: Page, n: number, mark: 'done' | 'solved' = 'done'): Promise<void> {
  const every = checksOf(scenario.steps[n - 1]!).length > 0;
  await p.waitForFunction(
    ({ n, every, mark }) => {
      const item = document.querySelector(`.step-list li[data-step="${n}"]`);
      const checks = [...document.querySelectorAll(`section.step[data-step="${n}"] li.check`)];
      const ticked = checks.filter((c) => c.classList.contains('passed') && c.querySelector('.mark')?.textContent === '✔');
      const next = document.querySelector<HTMLElement>(`section.step[data-step="${n + 1}"]`) ?? document.querySelector<HTMLElement>('[data-finished]');
      return item?.classList.contains(mark) === true && ticked.length > 0 && (!every || ticked.length === checks.length) && next !== null && !next.hidden;
    },
    { n, every, mark },
    { timeout: LONG, polling: 100 },
  );
}

/** The topology as drawn in the page: its nodes' and its edges' titles (Graphviz's ids). */
async function topologyDrawn(p: Page): Promise<{ nodes: string[]; edges: string[] }> {
  return p.locator('[data-topology] svg').evaluate((svg) => ({
    nodes: [...svg.querySelectorAll('g.node > title')].map((t) => t.textContent ?? ''),
    edges: [...svg.querySelectorAll('g.edge > title')].map((t) => t.textContent ?? ''),
  }));
}

/** The lesson's namespaces and sandbox processes on the host (this server's only: tagged). */
function sandboxes(): { netns: string[]; processes: string[] } {
  const { netns, processes } = hostSnapshot(tag);
  return { netns: netns ?? [], processes: processes ?? [] };
}

afterEach(async (context) => {
  // What the page looked like when a test failed, for the person reading the failure.
  if (context.task.result?.state !== 'fail' || !page || page.isClosed()) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `serve-browser-failed-${context.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}.png`) }).catch(() => {});
});

describe('nslab serve in a browser: refusals', () => {
  let stranger: BrowserContext;
  let other: Server;

  afterAll(async () => {
    await stranger?.close();
    await new Promise((r) => (other ? other.close(r) : r(undefined)));
  });

  it('answers a missing or wrong token with 403 and starts no shell: no sandbox appears', async () => {
    const before = sandboxes();
    stranger = await browser.newContext();
    const p = await stranger.newPage();
    const base = `http://127.0.0.1:${server.port}`;
    for (const url of [`${base}/`, `${base}/?token=wrong`, `${base}/?token=${server.token.slice(0, -1)}`, `${base}/lesson/${LESSON}`]) {
      const response = await p.goto(url);
      expect(response!.status(), url).toBe(403);
      expect((await p.locator('body').innerText()).trim()).toBe('403 Forbidden');
    }
    // The lesson's WebSocket from the server's own origin, but without the token.
    const ws = await p.evaluate((url) => new Promise<string>((resolve) => {
      const socket = new WebSocket(url);
      socket.onopen = () => resolve('open');
      socket.onclose = (e) => resolve(`closed ${e.code}`);
    }), `ws://127.0.0.1:${server.port}/lesson/${LESSON}/ws`);
    expect(ws).toBe('closed 1006');
    expect(await stranger.cookies()).toEqual([]);
    expect(sandboxes()).toEqual(before);
  });

  it('refuses the WebSocket of a page from another origin, even in a browser holding the token', async () => {
    const before = sandboxes();
    // The browser holds the cookie: only the Origin tells the other page from the server's own.
    const first = await stranger.newPage();
    expect((await first.goto(server.url.href))!.status()).toBe(200);
    other = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><title>another site</title><p>another site'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const elsewhere = await stranger.newPage();
    await elsewhere.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    const result = await elsewhere.evaluate((url) => new Promise<{ how: string; messages: number }>((resolve) => {
      const socket = new WebSocket(url);
      let messages = 0;
      socket.onmessage = () => messages++;
      socket.onclose = (e) => resolve({ how: `closed ${e.code}`, messages });
    }), `ws://127.0.0.1:${server.port}/lesson/${LESSON}/ws`);
    expect(result).toEqual({ how: 'closed 1006', messages: 0 });
    expect(sandboxes()).toEqual(before);
  });
});

describe('nslab serve in a browser: the router lesson', { timeout: 240_000 }, () => {
  it('opens the course page with the token, and the lesson from it', async () => {
    page = await student.newPage();
    expect((await page.goto(server.url.href))!.status()).toBe(200);
    await page.getByRole('link', { name: 'A layer-3 router between two subnets' }).click();
    await page.waitForURL(`**/lesson/${LESSON}`);
    await page.locator('#step-1-title').waitFor({ state: 'visible' });
    await page.locator('[data-connection]', { hasText: 'connected' }).waitFor();
    await waitForScreen(page, `[${LESSON} 1/8] #`);
    // Before any command: every check of step 1 ☐ (not yet: no ✘ for what nobody tried), as the terminal says.
    await page.locator('[data-progress]', { hasText: '0/8 finished (0 by you)' }).waitFor();
    const marks = await page.locator('section.step[data-step="1"] li.check .mark').allTextContents();
    expect(marks).toEqual(['☐', '☐', '☐', '☐']);
  });

  it("ticks step 1's checks as the student types its commands, then shows step 2; R appears in the topology", async () => {
    await typeLines(page, commandsOf(1));
    await waitForStepDone(page, 1);
    await page.locator('#step-2-title').waitFor({ state: 'visible' });
    await page.locator('[data-topology] svg').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-topology] svg g.node > title')].some((t) => t.textContent === 'ns:R'), undefined, { timeout: LONG });
    const drawn = await topologyDrawn(page);
    expect(drawn.nodes).toEqual(expect.arrayContaining(['ns:H1', 'ns:H2', 'ns:R']));
    expect(drawn.edges).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('.terminal-pane').screenshot({ path: join(ARTIFACTS, 'serve-terminal.png') });
  });

  it("draws R's links in the topology once step 2's veth pairs are made", async () => {
    await typeLines(page, commandsOf(2));
    await waitForStepDone(page, 2);
    // The picture is redrawn after the state is sent: wait for the last command's, R joined to
    // both hosts (before it, R-eth2 is still in the root namespace).
    await page.waitForFunction(
      () => {
        const edges = [...document.querySelectorAll('[data-topology] svg g.edge > title')].map((t) => t.textContent ?? '');
        return edges.length === 2 && edges.every((e) => e.includes('ns:R'));
      },
      undefined,
      { timeout: LONG, polling: 100 },
    );
    const { nodes, edges } = await topologyDrawn(page);
    expect(nodes).toEqual(expect.arrayContaining(['ns:H1', 'ns:H2', 'ns:R']));
    expect(edges.some((e) => e.includes('ns:H1'))).toBe(true);
    expect(edges.some((e) => e.includes('ns:H2'))).toBe(true);
  });

  it("marks what holds ✔ and what does not hold yet ☐ 'not yet' halfway through step 3 (screenshot), then finishes it", async () => {
    const commands = commandsOf(3);
    const half = commands.filter((c) => c.startsWith('ip netns exec H1') || c.startsWith('ip netns exec H2'));
    await typeLines(page, half);
    await page.waitForFunction(
      () => {
        const checks = [...document.querySelectorAll('section.step[data-step="3"] li.check')];
        return checks.filter((c) => c.classList.contains('passed')).length === 6 && checks.some((c) => c.classList.contains('not-yet'));
      },
      undefined,
      { timeout: LONG, polling: 100 },
    );
    // On the current step a failing check is ☐, not ✘; what was found and why are one click away.
    await expect(page.locator('section.step[data-step="3"] li.check.failed').count()).resolves.toBe(0);
    const failed = page.locator('section.step[data-step="3"] li.check.not-yet').first();
    await expect(failed.locator('.mark').textContent()).resolves.toBe('☐');
    await failed.locator('details.problem summary').click();
    await expect(failed.locator('details.problem dd').first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'serve-lesson.png') });
    await typeLines(page, commands.filter((c) => !half.includes(c)));
    await waitForStepDone(page, 3);
  });

  it('runs a block on *Run*: the command appears in the terminal, and the step is solved (nslab typed it), not done', async () => {
    // Step 4 is done when the student sees one of its pings answered: *Run* on its first block.
    const block = page.locator('section.step[data-step="4"] .block').filter({ has: page.locator('button[data-run]') }).first();
    const command = await block.locator('.copy-source').textContent();
    expect(commandsOf(4)).toContain(command!.trim());
    await block.locator('button[data-run]').click();
    await waitForScreen(page, `# ${command!.trim()}`);
    await waitForStepDone(page, 4, 'solved');
    await waitForPrompt(page);
    // Solved does not look like done: its own words, in the step list and on the step.
    const item = page.locator('.step-list li[data-step="4"]');
    // The list folds itself when it pushes the step below the fold: open it to read it.
    if (!(await page.locator('details.step-list').evaluate((d: HTMLDetailsElement) => d.open))) await page.locator('details.step-list > summary').click();
    await expect(item.getAttribute('class')).resolves.toContain('tone-solved');
    await expect(item.locator('.mark-word').isVisible()).resolves.toBe(true);
    await expect(item.locator('.mark-word').textContent()).resolves.toBe(' (solved)');
    await expect(page.locator('section.step[data-step="4"] [data-step-status]').textContent()).resolves.toBe('solved — Run typed its commands');
    // A step done by the student's own commands says so only to a screen reader (clipped to nothing).
    const clipped = (n: number) => page.locator(`.step-list li[data-step="${n}"] .mark-word`).evaluate((e) => getComputedStyle(e).clipPath !== 'none');
    await expect(clipped(3)).resolves.toBe(true);
    await expect(clipped(4)).resolves.toBe(false);
    await expect(page.locator('[data-progress]').textContent()).resolves.toBe('4/8 finished (3 by you)');
    await page.locator('details.step-list > summary').click();
  });

  it('keeps the terminal, the step and the sandbox across a reload', async () => {
    await typeLines(page, commandsOf(5));
    await waitForStepDone(page, 5);
    await typeLines(page, ['echo BEFORE-RELOAD-$((6*7))']);
    await waitForScreen(page, 'BEFORE-RELOAD-42');
    await page.reload();
    await page.locator('[data-connection]', { hasText: 'connected' }).waitFor();
    // The same step: 6 shown and current.
    await page.locator('#step-6-title').waitFor({ state: 'visible' });
    await page.locator('.step-list li[data-step="6"].current').waitFor();
    // The same terminal: the line typed before the reload is on the screen...
    await waitForScreen(page, 'BEFORE-RELOAD-42');
    // ...and the first command of the lesson is in the scrollback, above it.
    const first = `# ${commandsOf(1)[0]!}`;
    await page.locator('.xterm-screen').hover();
    for (let i = 0; i < 50 && !(await screenText(page)).replace(/\u00a0/g, ' ').includes(first); i++) await page.mouse.wheel(0, -1000);
    await waitForScreen(page, first);
    await page.mouse.wheel(0, 100_000);
    // The same sandbox: the namespaces made in step 1 are still there. The page drives again
    // once the old one is gone (its banner hidden).
    await page.locator('[data-banner]').waitFor({ state: 'hidden' });
    await typeLines(page, ['echo NAMESPACES-$(ip netns list | wc -l)']);
    await waitForScreen(page, 'NAMESPACES-3');
  });

  it('shows a second tab the same session read-only: a banner, and its keystrokes do nothing', async () => {
    const second = await student.newPage();
    await second.goto(`http://127.0.0.1:${server.port}/lesson/${LESSON}`);
    await second.locator('[data-banner]', { hasText: 'Read-only' }).waitFor();
    await waitForScreen(second, 'NAMESPACES-3');
    await expect(second.locator('section.step[data-step="6"] button[data-run]').first().isDisabled()).resolves.toBe(true);
    await typeLines(second, ['echo VIEWER-$((6*7))'], false);
    await typeLines(page, ['echo DRIVER-$((6*7))']);
    await waitForScreen(page, 'DRIVER-42');
    await waitForScreen(second, 'DRIVER-42');
    expect(await screenText(page)).not.toContain('VIEWER');
    expect(await screenText(second)).not.toContain('VIEWER');
    await expect(page.locator('[data-banner]').isHidden()).resolves.toBe(true);
    await second.close();
  });

  it("finishes the lesson in presenter mode: ✔ and ☐ halfway through step 6, every check in view (screenshot), then every step done", async () => {
    await page.locator('[data-present-toggle]').check();
    expect(new URL(page.url()).searchParams.get('present')).toBe('1');
    const [first, ...rest] = commandsOf(6);
    await typeLines(page, [first!]);
    await page.locator('section.step[data-step="6"] li.check.not-yet').waitFor({ timeout: LONG });
    await page.locator('section.step[data-step="6"] li.check.passed').waitFor({ timeout: LONG });
    // The checks are in view without scrolling the short lesson pane (pinned at its bottom).
    const pane = (await page.locator('.lesson-pane').boundingBox())!;
    for (const box of await Promise.all((await page.locator('section.step[data-step="6"] li.check').all()).map((c) => c.boundingBox()))) {
      expect(box!.y).toBeGreaterThanOrEqual(pane.y);
      expect(box!.y + box!.height).toBeLessThanOrEqual(pane.y + pane.height);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'serve-presenter.png') });
    await typeLines(page, rest);
    await waitForStepDone(page, 6);
    for (const n of [7, 8]) {
      await typeLines(page, commandsOf(n));
      await waitForStepDone(page, n);
    }
    await page.locator('[data-finished]').waitFor({ state: 'visible' });
    await expect(page.locator('[data-progress]').textContent()).resolves.toBe('8/8 finished (7 by you)');
    await page.locator('[data-present-toggle]').uncheck();
  });

  it('clears the terminal on Restart: the fresh sandbox starts on an empty screen, at step 1', async () => {
    await typeLines(page, ['echo OLD-SANDBOX-$((6*7))']);
    await waitForScreen(page, 'OLD-SANDBOX-42');
    await page.locator('button[data-action="restart"]').click();
    await waitForScreen(page, `[${LESSON} 1/8] #`);
    await page.locator('#step-1-title').waitFor({ state: 'visible' });
    await page.locator('[data-progress]', { hasText: '0/8 finished (0 by you)' }).waitFor();
    // Nothing of the old terminal is left in the buffer: its first line is the restart's.
    await page.locator('.xterm-screen').hover();
    for (let i = 0; i < 50; i++) await page.mouse.wheel(0, -1000);
    await page.waitForFunction(() => /-- restarted: a fresh sandbox/.test(document.querySelector('.xterm-rows > div')?.textContent ?? ''), undefined, { timeout: LONG, polling: 100 });
    expect(await screenText(page)).not.toContain('OLD-SANDBOX-42');
    await page.mouse.wheel(0, 100_000);
  });

  it('opens no link from the terminal: an OSC 8 hyperlink in the output, clicked, asks nothing and goes nowhere', async () => {
    const dialogs: string[] = [];
    const onDialog = (d: Dialog) => {
      dialogs.push(d.message());
      void d.dismiss();
    };
    page.on('dialog', onDialog);
    const pagesBefore = student.pages().length;
    const url = page.url();
    // Made by awk: nothing but printable characters typed.
    await typeLines(page, [`awk 'BEGIN { e = sprintf("%c", 27); s = sprintf("%c", 92); printf "%s]8;;http://example.invalid/osc8%s%sLINK-HERE%s]8;;%s%s%c", e, e, s, e, e, s, 10 }'`]);
    const box = await page.evaluate(() => {
      const row = [...document.querySelectorAll('.xterm-rows > div')].find((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trim() === 'LINK-HERE');
      const r = row?.getBoundingClientRect();
      return r ? { x: r.x, y: r.y, height: r.height } : null;
    });
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x + 20, box!.y + box!.height / 2);
    await page.mouse.move(box!.x + 30, box!.y + box!.height / 2);
    await page.mouse.click(box!.x + 30, box!.y + box!.height / 2);
    // Give a confirm() or a new tab the time to appear (xterm opens both from the click's handler).
    await page.waitForTimeout(1000);
    page.off('dialog', onDialog);
    expect(dialogs).toEqual([]);
    expect(student.pages().length).toBe(pagesBefore);
    expect(page.url()).toBe(url);
    expect(foreign.filter((f) => f.includes('example.invalid'))).toEqual([]);
  });

  it("says a finished step no longer holds once the network breaks it: the step list, the step's note, its check ✘", async () => {
    await typeLines(page, commandsOf(1));
    await waitForStepDone(page, 1);
    await typeLines(page, ['ip netns del R']);
    const item = page.locator('.step-list li[data-step="1"].tone-broken');
    await item.waitFor({ state: 'attached', timeout: LONG });
    await expect(item.locator('.mark').textContent()).resolves.toBe('✘');
    await expect(item.locator('.mark-word').textContent()).resolves.toBe(' (done, no longer holds)');
    await page.locator('.step-list button[data-show-step="1"]').evaluate((b: HTMLButtonElement) => b.click());
    const note = page.locator('section.step[data-step="1"] [data-step-status]');
    await note.waitFor({ state: 'visible' });
    await expect(note.textContent()).resolves.toBe('done — your commands · ✘ no longer holds');
    const broken = page.locator('section.step[data-step="1"] li.check.failed');
    await expect(broken.locator('code').allTextContents()).resolves.toEqual(['namespace R exists', 'R: sysctl net.ipv4.ip_forward = 0']);
    await expect(broken.locator('.mark').allTextContents()).resolves.toEqual(['✘', '✘']);
    if (!(await page.locator('details.step-list').evaluate((d: HTMLDetailsElement) => d.open))) await page.locator('details.step-list > summary').click();
    await page.screenshot({ path: join(ARTIFACTS, 'serve-broken-step.png') });
    await page.locator('[data-back-to-current]').click();
  });

  it('logged no console error and requested nothing outside its origin', async () => {
    // Chromium asks for it when it shows the tab's icon (not always headless): no 404 then either.
    expect((await page.request.get(`http://127.0.0.1:${server.port}/favicon.ico`)).status()).toBe(204);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
