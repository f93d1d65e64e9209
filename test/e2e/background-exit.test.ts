/**
 * A `background` command that ends by itself (issue 17, item 5): said at once, between commands,
 * with its exit status and the end of its output, and kept in the report; one that keeps running
 * is not mentioned.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

\`\`\`sh
sleep 1
\`\`\`

## Reach the first

\`\`\`check
tcp 127.0.0.1:8001 accepts
tcp 127.0.0.1:8000 accepts
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
    expect(warning).toBeGreaterThan(run.stdout.indexOf('$ sleep 1'));
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

  it('nslab test names it on its step', async () => {
    const file = join(work, 'dead-server-test.md');
    writeFileSync(file, SCENARIO);
    const run = await runCli(['test', file]);
    expect(run.stdout).toMatch(/⚠ step 1: background command exited with status 1: python3 -m http\.server 8000 --bind 10\.9\.9\.9 — OSError: \[Errno 99\] Cannot assign requested address/);
  });
});
