/**
 * `nslab serve --open`: the URL handed to the browser program ($BROWSER, as docs/serve.md says),
 * and a browser program that cannot start is a warning, not the end of the server. No lesson is
 * opened: no sandbox is made.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServeChild } from '../helpers/serve-child.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-serve-open-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Waits until `check` holds, polling every 50 ms, for at most `ms`. */
async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (check()) return true;
  return check();
}

describe('nslab serve --open', () => {
  it('hands the URL, token included, to $BROWSER', async () => {
    const got = join(work, 'browser-argv');
    const browser = join(work, 'browser');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$@" > ${got}\n`);
    chmodSync(browser, 0o755);
    const server = await startServeChild({ args: ['--open', 'scenarios/l3-router.md'], env: { BROWSER: browser, XDG_STATE_HOME: join(work, 'state') } });
    try {
      expect(await until(() => existsSync(got) && readFileSync(got, 'utf8') !== '', 10_000)).toBe(true);
      expect(readFileSync(got, 'utf8')).toBe(`${server.url.href}\n`);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(143);
  });

  it('goes on serving with a warning when the browser program cannot start', async () => {
    const server = await startServeChild({ args: ['--open', 'scenarios/l3-router.md'], env: { BROWSER: join(work, 'no-such-browser'), XDG_STATE_HOME: join(work, 'state') } });
    try {
      expect(await until(() => server.printed().includes('cannot open a browser'), 10_000)).toBe(true);
      expect(server.printed()).toContain('open the URL yourself');
      // Still serving: the course page answers with the token.
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(143);
  });
});
