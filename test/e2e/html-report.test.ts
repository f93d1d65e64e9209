/**
 * `nslab run --report run.html` on a real failing run of the router walkthrough, the page
 * opened in a real browser (headless Chromium, Debian package `chromium`, driven by
 * playwright-core): the failing step is visible and marked, the topology SVG is drawn, the page
 * logs no error and asks the network for nothing. Screenshots go to test-artifacts/ (gitignored)
 * for a person to look at.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'node-html-parser';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { findOverlaps } from '../helpers/svg-boxes.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-html-'));
const STATE = { XDG_STATE_HOME: join(work, 'state') };
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The router walkthrough with step 6 broken: H2 never gets its default route, so its check fails. */
function brokenRouterScenario(): string {
  const original = readFileSync(join(ROOT, 'scenarios/l3-router.md'), 'utf8');
  const broken = original.replace('ip netns exec H2 ip route add default via 10.0.2.1 dev H2-eth0\n', 'ip netns exec H2 ip route show\n');
  if (broken === original) throw new Error('scenarios/l3-router.md changed: the line this test breaks is gone');
  const file = join(work, 'l3-router.md');
  writeFileSync(file, broken);
  return file;
}

describe('the HTML report in a browser', () => {
  const report = join(work, 'run.html');

  beforeAll(async () => {
    const run = await runCli(['run', brokenRouterScenario(), '--yes', '--report', report], STATE);
    expect(run.code, run.stderr).toBe(1);
    // Chromium's own sandbox will not start as root (these tests run as root, for namespaces):
    // playwright then passes --no-sandbox. The page is a local file that runs no script.
    browser = await chromium.launch({ executablePath: CHROMIUM, chromiumSandbox: false });
  });

  it('shows the failing step marked, draws the topology, logs no error and requests nothing but itself', async () => {
    const url = pathToFileURL(report).href;
    const page = await browser!.newPage({ viewport: { width: 1000, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    await page.goto(url);

    await expect(page.locator('h1').textContent()).resolves.toBe('A layer-3 router between two subnets');
    await expect(page.locator('.run-status').textContent()).resolves.toMatch(/^✘ Failed at step 6, Add default routes/);
    const step = page.locator('#step-6');
    expect(await step.isVisible()).toBe(true);
    await expect(step.locator('h2').textContent()).resolves.toMatch(/✘ failed$/);
    await expect(step.locator('.check-failed').textContent()).resolves.toContain('H2: route default via 10.0.2.1 dev H2-eth0');
    await expect(step.locator('.check-failed dd').allTextContents()).resolves.toContain('H2 has no default route; its routes: 10.0.2.0/24 dev H2-eth0');
    // What the step changed: H1 got its route, H2 did not.
    await expect(step.locator('.changes li').allTextContents()).resolves.toEqual(['H1: + route default via 10.0.1.1 dev H1-eth0']);
    // The steps after the failure were not reached; the ones before are done.
    await expect(page.locator('#step-7 h2').textContent()).resolves.toMatch(/· not reached$/);
    await expect(page.locator('#step-5 h2').textContent()).resolves.toMatch(/✔ done$/);

    // The picture, laid out by Graphviz and drawn by the browser: a node per namespace, with an area.
    const svg = step.locator('figure svg');
    await expect(svg.locator('g.node title').allTextContents()).resolves.toEqual(expect.arrayContaining(['ns:H1', 'ns:H2', 'ns:R']));
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(50);
    expect(await page.locator('svg').count()).toBe(1);
    // As the browser lays the picture out, with its own font: no label on another or on a box.
    const drawn = await svg.evaluate((el) => {
      const box = (r: DOMRect) => ({ x1: r.left, y1: r.top, x2: r.right, y2: r.bottom });
      const polygons = (g: Element) => [...g.querySelectorAll('polygon')].map((p) => box(p.getBoundingClientRect()));
      const nodes = [...el.querySelectorAll('g.node')].map((g) => ({ id: g.querySelector('title')!.textContent!, boxes: polygons(g) }));
      const texts = [...el.querySelectorAll('text')].map((t) => ({ text: t.textContent!, node: t.closest('g.node')?.querySelector('title')?.textContent ?? undefined, ...box(t.getBoundingClientRect()) }));
      return { nodes, texts };
    });
    const nodeBoxes = new Map(
      drawn.nodes.map(({ id, boxes }) => [id, { x1: Math.min(...boxes.map((b) => b.x1)), y1: Math.min(...boxes.map((b) => b.y1)), x2: Math.max(...boxes.map((b) => b.x2)), y2: Math.max(...boxes.map((b) => b.y2)) }]),
    );
    // A text's box is its line's full height (ascent to descent, taller than the line spacing):
    // its middle 70% is where the letters are.
    const inked = drawn.texts.map((t) => ({ ...t, y1: t.y1 + 0.15 * (t.y2 - t.y1), y2: t.y2 - 0.15 * (t.y2 - t.y1) }));
    expect(inked.length).toBeGreaterThan(10);
    expect(findOverlaps(nodeBoxes, inked)).toEqual([]);
    const centre = (id: string) => (nodeBoxes.get(id)!.x1 + nodeBoxes.get(id)!.x2) / 2;
    expect(centre('ns:H1')).toBeLessThan(centre('ns:R'));
    expect(centre('ns:R')).toBeLessThan(centre('ns:H2'));

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-l3-failed.png'), fullPage: true });
    await step.locator('figure').screenshot({ path: join(ARTIFACTS, 'html-report-l3-topology.png') });
    // On a phone: nothing is wider than the screen but code, which scrolls inside its box.
    await page.setViewportSize({ width: 375, height: 800 });
    await step.scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-l3-failed-phone.png') });
    await page.close();
  });
});

describe('nslab test --report FILE.html', () => {
  it('writes the same page for a test of one scenario, mode test, and refuses two scenarios', async () => {
    const scenario = brokenRouterScenario();
    const file = join(work, 'test.html');
    const run = await runCli(['test', scenario, '--report', file], STATE);
    expect(run.code, run.stderr).toBe(1);
    const root = parse(readFileSync(file, 'utf8'));
    expect(root.querySelector('.facts')!.text).toContain('Modetest');
    expect(root.querySelector('#step-6 h2')!.text).toMatch(/✘ failed$/);
    expect(root.querySelectorAll('#step-6 figure svg g.node').length).toBeGreaterThanOrEqual(3);
    expect(root.querySelectorAll('.changes').length).toBeGreaterThan(0);
    const other = join(work, 'other.md');
    writeFileSync(other, readFileSync(scenario));
    const two = await runCli(['test', scenario, other, '--report', join(work, 'two.html')], STATE);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('an HTML report holds one scenario, and 2 were given');
  });
});
