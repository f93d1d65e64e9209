/**
 * `nslab serve`'s server over real HTTP and WebSockets (node's fetch and http, the `ws` client),
 * with real practice sessions of the router walkthrough in private sandboxes: access checks,
 * the terminal relay, state after each command, *Run*, roles, reconnecting.
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import type { LessonState, ServerMessage } from '../../src/view/web/protocol.js';
import { openPage, type PageClient } from '../helpers/serve-page-client.js';

const LESSON = 'l3-router';
type StateMessage = Extract<ServerMessage, { t: 'state' }>;
const stateWhere = (test: (s: LessonState) => boolean) => (m: ServerMessage): m is StateMessage => m.t === 'state' && test(m.state);

/** A GET with any Host header (fetch does not let a request set its own). */
function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: RunningServer;
let stateHome: string;

beforeAll(async () => {
  // A store of its own: no practice of another test file resumes this lesson at a later step.
  stateHome = mkdtempSync(join(tmpdir(), 'nslab-e2e-serve-'));
  process.env.XDG_STATE_HOME = stateHome;
  server = await startServer({ paths: ['scenarios/l3-router.md'] });
});

afterAll(async () => {
  await server?.close();
  rmSync(stateHome, { recursive: true, force: true });
});

describe('nslab serve: access', () => {
  it('prints a URL on 127.0.0.1 carrying a long random token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{43}$`));
  });

  it('answers 403 and nothing else without the token or with a wrong one, and sets no cookie', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    for (const url of [`${base}/`, `${base}/?token=wrong`, `${base}/lesson/${LESSON}`, `${base}/assets/lesson.js`, `${base}/lesson/${LESSON}/report.json`]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toBe('403 Forbidden\n');
    }
    expect(server.openLessons()).toEqual([]);
  });

  it('serves the course with the token in the URL, sets the cookie, and takes the cookie alone after', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toBe(`nslab_token_${server.port}=${server.token}; HttpOnly; SameSite=Strict; Path=/`);
    expect(await res.text()).toContain(`/lesson/${LESSON}`);
    const again = await fetch(`http://127.0.0.1:${server.port}/`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
  });

  it('sends the security headers: CSP of its own origin, nosniff, no referrer, no caching of pages', async () => {
    const res = await fetch(server.url);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}`);
    expect(csp).not.toMatch(/https?:|\*/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a Host other than 127.0.0.1:PORT or localhost:PORT (DNS rebinding), token or not', async () => {
    const path = `/?token=${server.token}`;
    expect((await get(server.port, path, { Host: `localhost:${server.port}` })).status).toBe(200);
    for (const host of [`evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`, `localhost.evil.example:${server.port}`]) {
      const res = await get(server.port, path, { Host: host });
      expect(res.status, host).toBe(403);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('serves no path outside the assets directory and no lesson that is not in the listing', async () => {
    const cookie = { Cookie: `nslab_token_${server.port}=${server.token}`, Host: `127.0.0.1:${server.port}` };
    for (const path of ['/assets/../package.json', '/assets/..%2fpackage.json', '/assets/%2e%2e/%2e%2e/etc/passwd', '/assets/../../etc/passwd']) {
      expect((await get(server.port, path, cookie)).status, path).toBe(404);
    }
    for (const path of ['/lesson/..%2fscenarios%2fl3-router', '/lesson/nothing', '/lesson/l3-router.md']) {
      expect((await get(server.port, path, cookie)).status, path).toBe(404);
    }
  });

  it('refuses a WebSocket without the token, with a wrong one, or from another origin: 403, and no session starts', async () => {
    await expect(openPage({ port: server.port, lesson: LESSON })).rejects.toThrow('refused 403');
    await expect(openPage({ port: server.port, lesson: LESSON, token: 'x'.repeat(43) })).rejects.toThrow('refused 403');
    for (const origin of ['http://evil.example', `http://evil.example:${server.port}`, `https://127.0.0.1:${server.port}`, 'null']) {
      await expect(openPage({ port: server.port, lesson: LESSON, token: server.token, origin }), origin).rejects.toThrow('refused 403');
    }
    expect(server.openLessons()).toEqual([]);
  });
});

describe('nslab serve: a lesson', () => {
  let driver: PageClient;

  it('starts a practice session: the driver gets its role, the terminal and the state at step 1', async () => {
    driver = await openPage({ port: server.port, lesson: LESSON, token: server.token });
    expect(driver.messages[0]).toEqual({ t: 'hello', role: 'driver', lesson: LESSON });
    const { state } = await driver.waitFor(stateWhere((s) => s.current === 1), 60_000, 'state at step 1');
    expect(state.title).toBe('A layer-3 router between two subnets');
    expect(state.steps[0]!.mark).toBe('current');
    expect(state.steps[0]!.checks.length).toBeGreaterThan(0);
    expect(state.steps[0]!.checks.every((c) => c.mark !== 'passed')).toBe(true);
    expect(server.openLessons()).toEqual([LESSON]);
    await driver.waitForOutput('1/');
  });

  it("ticks the step's checks and moves on when the student types its commands", async () => {
    for (const line of ['ip netns add H1', 'ip netns add H2', 'ip netns add R', 'ip netns exec R sysctl -qw net.ipv4.ip_forward=0']) driver.send({ t: 'in', d: `${line}\r` });
    const { state } = await driver.waitFor(stateWhere((s) => s.current === 2), 60_000, 'state at step 2');
    expect(state.steps[0]!.mark).toBe('done');
    expect(state.steps[0]!.checks.map((c) => c.mark)).toEqual(state.steps[0]!.checks.map(() => 'passed'));
    expect(state.steps[1]!.mark).toBe('current');
  });

  it('sends the topology as SVG once the namespaces are there', async () => {
    const topology = await driver.waitFor((m) => m.t === 'topology' && m.svg.includes('H1'), 60_000, 'topology with H1');
    expect(topology).toMatchObject({ t: 'topology' });
    expect((topology as Extract<ServerMessage, { t: 'topology' }>).svg).toContain('<svg');
  });

  it('runs a block on *Run*: its commands typed into the terminal', async () => {
    driver.send({ t: 'run', step: 2, block: 0 });
    const { state } = await driver.waitFor(stateWhere((s) => s.current === 3), 60_000, 'state at step 3');
    // nslab typed its commands: solved, not the student's own (docs/serve.md).
    expect(state.steps[1]!.mark).toBe('solved');
    expect(driver.output()).toContain('ip link add H1-eth0 type veth peer name R-eth1');
  });

  it("shows a second page the same session read-only: a viewer's keystrokes are ignored", async () => {
    const viewer = await openPage({ port: server.port, lesson: LESSON, token: server.token });
    expect(viewer.messages[0]).toEqual({ t: 'hello', role: 'viewer', lesson: LESSON });
    viewer.send({ t: 'in', d: 'echo VIEWER-$((6*7))\r' });
    viewer.send({ t: 'run', step: 3, block: 0 });
    driver.send({ t: 'in', d: 'echo DRIVER-$((6*7))\r' });
    await driver.waitForOutput('DRIVER-42');
    await viewer.waitForOutput('DRIVER-42');
    expect(driver.output()).not.toContain('VIEWER-42');
    // At the prompt, not in the step's text that lists it.
    expect(driver.output()).not.toContain('# ip netns exec H1 ifconfig lo up');
    await viewer.close();
  });

  it('gives a reconnecting page the scrollback (replay) and the same state; it drives once the old page is gone', async () => {
    const last = [...driver.messages].reverse().find((m): m is StateMessage => m.t === 'state')!;
    const reloaded = await openPage({ port: server.port, lesson: LESSON, token: server.token });
    expect(reloaded.messages[0]).toEqual({ t: 'hello', role: 'viewer', lesson: LESSON });
    const replay = await reloaded.waitFor((m) => m.t === 'out' && m.replay === true, 5_000, 'replay');
    expect((replay as Extract<ServerMessage, { t: 'out' }>).d).toContain('DRIVER-42');
    const { state } = await reloaded.waitFor(stateWhere(() => true), 5_000, 'state');
    expect(state).toEqual(last.state);
    await driver.close();
    await reloaded.waitFor((m) => m.t === 'role' && m.role === 'driver', 5_000, 'role driver');
    reloaded.send({ t: 'in', d: 'echo RELOADED-$((6*7))\r' });
    await reloaded.waitForOutput('RELOADED-42');
    driver = reloaded;
  });

  it('offers the session as it stands as a JSON and an HTML report download', async () => {
    const headers = { Cookie: `nslab_token_${server.port}=${server.token}` };
    const json = await fetch(`http://127.0.0.1:${server.port}/lesson/${LESSON}/report.json`, { headers });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="${LESSON}-report.json"`);
    const report = (await json.json()) as { mode: string; steps: Array<{ status: string }> };
    expect(report.mode).toBe('practice');
    expect(report.steps.slice(0, 2).map((s) => s.status)).toEqual(['done', 'solved']);
    const html = await fetch(`http://127.0.0.1:${server.port}/lesson/${LESSON}/report.html`, { headers });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<html');
  });

  it('ends the session when the shell exits: the page is told, and its next WebSocket starts a new session', async () => {
    driver.send({ t: 'in', d: 'exit\r' });
    await driver.waitFor((m) => m.t === 'ended', 60_000, 'ended');
    const again = await openPage({ port: server.port, lesson: LESSON, token: server.token });
    expect(again.messages[0]).toEqual({ t: 'hello', role: 'driver', lesson: LESSON });
    await again.waitFor(stateWhere((s) => s.current === 1), 60_000, 'a new session at step 1');
    await server.close();
    await again.waitFor((m) => m.t === 'ended' && m.reason === 'the server is stopping', 60_000, 'ended by the server');
    expect(server.openLessons()).toEqual([]);
  });
});
