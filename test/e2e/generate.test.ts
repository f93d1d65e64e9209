import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-generate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('nslab generate chain N', () => {
  it.each([3, 100])('writes a chain of %i routers that nslab test passes, pinging end to end', async (n) => {
    const generated = await runCli(['generate', 'chain', String(n)]);
    expect(generated.code).toBe(0);
    const file = join(work, `chain-${n}.md`);
    writeFileSync(file, generated.stdout);
    const test = await runCli(['test', file]);
    // Step 4's checks include the end-to-end ping; step 5 pings again and expects no loss.
    expect(test.stdout).toMatch(/✔ +5 Ping from one end to the other/);
    expect(test.stdout).toContain('5 passed, 0 failed');
    expect(test.code).toBe(0);
  });

  it('refuses a bad count or topology with exit 2', async () => {
    for (const args of [['chain', '0'], ['chain', 'ten'], ['ring', '3']]) {
      const run = await runCli(['generate', ...args]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
    }
  });

  it('says what a count must be, quoting what was typed (not "NaN")', async () => {
    const run = await runCli(['generate', 'chain', 'abc']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the number of routers in a chain: expected a whole number from 1 to 250, got "abc"');
    expect(run.stderr).not.toContain('NaN');
  });
});
