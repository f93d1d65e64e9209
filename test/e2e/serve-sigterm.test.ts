/**
 * `nslab serve` stopped by SIGTERM with a lesson open: every session's sandbox closed, nothing
 * left on the host (no namespace, process, mount or file), exit 128 + 15. Once with a page that
 * is a bare WebSocket client, once with the lesson open in a real browser (headless Chromium)
 * where the student typed a command. Host-wide: runs alone (vitest.config.ts, EXCLUSIVE).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/view/web/protocol.js';
import { hostSnapshot, RUN_TAG_VARIABLE, waitForClean } from '../helpers/host-snapshot.js';
import { startServeChild } from '../helpers/serve-child.js';
import { openPage } from '../helpers/serve-page-client.js';

const CHROMIUM = '/usr/bin/chromium';
// A progress store of its own: with the suite's, where practice tests finished steps of this
// lesson, the session would resume at a later step than 1.
const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-serve-sigterm-'));
const STATE = { XDG_STATE_HOME: join(work, 'state') };
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('nslab serve and SIGTERM', { timeout: 180_000 }, () => {
  it('ends the open lesson and its sandbox, leaves the host as it was, and exits 143', async () => {
    const tag = `serve-${process.pid}-${Date.now()}`;
    const before = hostSnapshot(tag);
    const server = await startServeChild({ args: ['scenarios/l3-router.md'], env: { ...STATE, [RUN_TAG_VARIABLE]: tag } });
    const page = await openPage({ port: server.port, lesson: 'l3-router', token: server.token });
    // The session began in its sandbox: the shell is there (its prompt), and the namespaces of the sandbox with it.
    await page.waitFor((m) => m.t === 'state', 60_000, 'state');
    await page.waitForOutput('[l3-router 1/');
    expect(hostSnapshot(tag).netns!.length).toBeGreaterThan(before.netns!.length);
    server.child.kill('SIGTERM');
    const ended = await page.waitFor((m): m is Extract<ServerMessage, { t: 'ended' }> => m.t === 'ended', 60_000, 'ended');
    expect(ended.reason).toBe('the server is stopping');
    expect(await server.exited).toBe(143);
    expect(await waitForClean(before, 5000, tag)).toEqual({});
  });

  it('with the lesson open in a browser and a namespace made from its terminal: the page is told, the host is as it was', async () => {
    const tag = `serve-browser-${process.pid}-${Date.now()}`;
    const before = hostSnapshot(tag);
    const server = await startServeChild({ args: ['scenarios/l3-router.md'], env: { ...STATE, [RUN_TAG_VARIABLE]: tag } });
    // Chromium's own sandbox will not start as root (these tests run as root, for namespaces).
    const browser = await chromium.launch({ executablePath: CHROMIUM, chromiumSandbox: false });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(server.url.href);
      await page.goto(`http://127.0.0.1:${server.port}/lesson/l3-router`);
      await page.locator('.xterm-rows', { hasText: '[l3-router 1/8] #' }).waitFor({ timeout: 60_000 });
      await page.locator('.xterm-helper-textarea').focus();
      await page.keyboard.type('ip netns add H1');
      await page.keyboard.press('Enter');
      await page.locator('section.step[data-step="1"] li.check.passed').first().waitFor({ state: 'attached', timeout: 60_000 });
      expect(hostSnapshot(tag).netns!.length).toBeGreaterThan(before.netns!.length);
      server.child.kill('SIGTERM');
      await page.locator('[data-banner]', { hasText: 'The session ended: the server is stopping' }).waitFor({ timeout: 60_000 });
      expect(await server.exited).toBe(143);
    } finally {
      await browser.close();
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
    expect(await waitForClean(before, 5000, tag)).toEqual({});
  });
});
