/**
 * A `background` command that ends by itself (issue 17, item 5): said at once, between commands,
 * with its exit status and the end of its output, and kept in the report; one that keeps running
 * is not mentioned.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deadSocatScenario } from '../helpers/dead-server.js';
import { runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-background-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SCENARIO = `---
title: A server that cannot start
requires: [python3]
---
## Start two servers, one on an address nobody has

\`\`\`sh {background}
python3 -m http.server 8000 --bind 10.9.9.9
\`\`\`

\`\`\`sh {background}
python3 -m http.server 8001 --bind 127.0.0.1
\`\`\`

Wait until the first one has ended (python's start-up takes a second or more on a loaded machine):

\`\`\`sh {retry=20s}
! pgrep -f 'http.server 8000'
\`\`\`

## Reach the first

\`\`\`check
tcp 127.0.0.1:8001 accepts
tcp 127.0.0.1:8000 accepts
\`\`\`
`;

/** H1 and H2 on one veth pair; H2's server binds an address nobody has, so it exits at once. */
const DEAD_SOCAT = deadSocatScenario(['H1: tcp 10.0.0.2:8080 accepts', 'H2: process socat is running', 'H2: tcp 10.0.0.2:8080 is listening', 'H2: process socat is not running']);

/**
 * A daemon that stops a second after it started (radvd with a syntax error in its
 * configuration, ipv6.md), while the next command waits for what it would make with `retry=`.
 * The waiting command succeeds only on an attempt after the daemon stopped, so its loop has a
 * pause after the exit whatever the machine's speed.
 */
const DEAD_DURING_RETRY = `---
title: A daemon that stops while a later command waits for it
---
## Start the daemon, then wait for what it makes

\`\`\`sh {background}
sleep 1; echo 'radvd: syntax error in /tmp/radvd.conf, line 3' >&2; touch /tmp/died; exit 1
\`\`\`

\`\`\`sh {retry=10s output="made"}
if [ -e /tmp/died ] && [ -e /tmp/seen ]; then echo made; else [ -e /tmp/died ] && touch /tmp/seen; echo waiting; fi
\`\`\`
`;

describe('a background command that ends before the run', () => {
  it('is named at once with its exit status and output, and kept in the report', async () => {
    const file = join(work, 'dead-server.md');
    const report = join(work, 'report.json');
    writeFileSync(file, SCENARIO);
    const run = await runCli(['run', file, '--yes', '--report', report]);
    expect(run.code).toBe(1);
    // Before step 1 ends, right after the command during which it ended.
    const warning = run.stdout.indexOf('⚠ background command exited with status 1 before the run ended: python3 -m http.server 8000 --bind 10.9.9.9');
    expect(warning).toBeGreaterThan(run.stdout.indexOf("$ ! pgrep -f 'http.server 8000'"));
    expect(warning).toBeLessThan(run.stdout.indexOf('✔ Step 1 passed'));
    expect(run.stdout).toContain('│ OSError: [Errno 99] Cannot assign requested address');
    // The server that keeps running is not mentioned.
    expect(run.stdout).not.toContain('exited with status 1 before the run ended: python3 -m http.server 8001');
    const steps = JSON.parse(readFileSync(report, 'utf8')).steps;
    expect(steps[0].background).toEqual([
      { command: 'python3 -m http.server 8000 --bind 10.9.9.9', exitCode: 1, output: expect.stringContaining('Cannot assign requested address') },
    ]);
    expect(steps[1].background).toBeUndefined();
  });

  it('is named while a later retry= command still waits, between its attempts', async () => {
    const file = join(work, 'dead-during-retry.md');
    writeFileSync(file, DEAD_DURING_RETRY);
    const run = await runCli(['run', file, '--yes']);
    expect(run.code).toBe(0);
    const warning = run.stdout.indexOf("⚠ background command exited with status 1 before the run ended: sleep 1; echo 'radvd: syntax error");
    // After the waiting command started and before its verdict: not once its retry ran out.
    expect(warning).toBeGreaterThan(run.stdout.indexOf('$ if [ -e /tmp/died ]'));
    expect(warning).toBeLessThan(run.stdout.indexOf('↻ attempt'));
    expect(warning).toBeLessThan(run.stdout.indexOf('✔ exit status 0 · output contains "made"'));
    expect(run.stdout).toContain('│ radvd: syntax error in /tmp/radvd.conf, line 3');
  });

  it('nslab test names it on its step', async () => {
    const file = join(work, 'dead-server-test.md');
    writeFileSync(file, SCENARIO);
    const run = await runCli(['test', file]);
    expect(run.stdout).toMatch(/⚠ step 1: background command exited with status 1: python3 -m http\.server 8000 --bind 10\.9\.9\.9 — OSError: \[Errno 99\] Cannot assign requested address/);
  });

  it('is named as the cause by the checks it was meant to make hold (tcp accepts, process, listening)', async () => {
    const file = join(work, 'dead-socat.md');
    const report = join(work, 'dead-socat.json');
    writeFileSync(file, DEAD_SOCAT);
    const run = await runCli(['run', file, '--yes', '--report', report]);
    expect(run.code).toBe(1);
    const checks: Array<{ ok: boolean; found: string }> = JSON.parse(readFileSync(report, 'utf8')).steps[2].checks;
    const died = /the background server `ip netns exec H2 socat TCP-LISTEN:8080,bind=10\.0\.0\.9,fork STDOUT` started in step 2 exited with status 1: .*Cannot assign requested address/;
    expect(checks.map((c) => c.ok)).toEqual([false, false, false, true]);
    expect(checks[0]!.found).toMatch(/^connection refused .* — The path to 10\.0\.0\.2 is clear, but H2 refused the connection to port 8080: the background server/);
    expect(checks[0]!.found).not.toContain('nothing listens');
    expect(checks[1]!.found).toMatch(/^no process "socat" runs in H2; .*; the background server/);
    expect(checks[2]!.found).toMatch(/^nothing listens on tcp 10\.0\.0\.2:8080 in H2; .*; the background server/);
    for (const check of checks.slice(0, 3)) expect(check.found).toMatch(died);
    // A check that holds says nothing of it.
    expect(checks[3]!.found).not.toMatch(died);
  });
});
