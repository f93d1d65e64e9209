/**
 * `nslab serve` stopped by SIGTERM with a lesson open: every session's sandbox closed, nothing
 * left on the host (no namespace, process, mount or file), exit 128 + 15. Host-wide: runs alone
 * (vitest.config.ts, EXCLUSIVE).
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src/view/web/protocol.js';
import { hostSnapshot, RUN_TAG_VARIABLE, waitForClean } from '../helpers/host-snapshot.js';
import { ROOT } from '../helpers/run-cli.js';
import { openPage } from '../helpers/serve-page-client.js';

describe('nslab serve and SIGTERM', () => {
  it('ends the open lesson and its sandbox, leaves the host as it was, and exits 143', async () => {
    const tag = `serve-${process.pid}-${Date.now()}`;
    const before = hostSnapshot(tag);
    const child = spawn(process.execPath, ['bin/nslab', 'serve', 'scenarios/l3-router.md'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', [RUN_TAG_VARIABLE]: tag }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const url = await new Promise<URL>((resolve, reject) => {
      child.stdout.on('data', () => {
        const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(stdout);
        if (found) resolve(new URL(found[0]));
      });
      child.on('close', () => reject(new Error(`nslab serve ended before printing its URL: ${stdout}`)));
    });
    const page = await openPage({ port: Number(url.port), lesson: 'l3-router', token: url.searchParams.get('token')! });
    // The session began in its sandbox: the shell is there (its prompt), and the namespaces of the sandbox with it.
    await page.waitFor((m) => m.t === 'state', 60_000, 'state');
    await page.waitForOutput('[l3-router 1/');
    expect(hostSnapshot(tag).netns.length).toBeGreaterThan(before.netns.length);
    child.kill('SIGTERM');
    const ended = await page.waitFor((m): m is Extract<ServerMessage, { t: 'ended' }> => m.t === 'ended', 60_000, 'ended');
    expect(ended.reason).toBe('the server is stopping');
    expect(await exited).toBe(143);
    expect(await waitForClean(before, 5000, tag)).toEqual({});
  });
});
