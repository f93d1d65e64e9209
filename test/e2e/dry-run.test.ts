/**
 * `nslab run --dry-run` lists what would run and runs nothing; names in checks that iproute2
 * or the kernel would refuse stop a file before anything runs.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostNetworkState } from '../helpers/host-network-state.js';
import { runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-dry-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const touched = join(work, 'touched');

const PLAN = join(work, 'plan.md');
writeFileSync(
  PLAN,
  [
    '---', 'title: Plan', `cleanup: rm -f ${touched}.cleanup`, '---', // lines 1-4
    '## Make things', // 5
    '```sh', `touch ${touched}`, 'ip netns add DRY', '```', // 6-9
    '```sh {norun}', 'reboot', '```', // 10-12
    '```check', 'namespace DRY exists', '```', // 13-15
    '## Serve', // 16
    '```sh {background}', 'sleep 1000', '```', // 17-19
  ].join('\n') + '\n',
);

describe('nslab run --dry-run', () => {
  it('prints each step, command with its line, norun marked, checks, cleanup; runs nothing (exit 0)', async () => {
    const before = hostNetworkState();
    // --host would run on this machine: the strongest proof that nothing runs.
    const run = await runCli(['run', PLAN, '--dry-run', '--host']);
    expect(run.stderr).not.toContain('error'); // lint warnings (step 2 has no check) are shown, as for a run
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('━━ Step 1/2 · Make things  (line 5)');
    expect(run.stdout).toMatch(new RegExp(`L7 {2}\\$ touch ${touched}\\n`));
    expect(run.stdout).toMatch(/L8 {2}\$ ip netns add DRY\n/);
    expect(run.stdout).toMatch(/L11 {2}\$ reboot \(norun: shown, not run\)/);
    expect(run.stdout).toMatch(/L14 {2}check namespace DRY exists/);
    expect(run.stdout).toContain('━━ Step 2/2 · Serve');
    expect(run.stdout).toMatch(/L18 {2}\$ sleep 1000 \(background\)/);
    expect(run.stdout).toContain(`$ rm -f ${touched}.cleanup`);
    expect(run.stdout).toContain('3 commands in 2 steps; nothing was run (--dry-run)');
    expect(existsSync(touched)).toBe(false);
    expect(hostNetworkState()).toEqual(before);
  });

  it('honours --to', async () => {
    const run = await runCli(['run', PLAN, '--dry-run', '--to', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('sleep 1000');
    expect(run.stdout).toContain('steps 2-2 would not run (--to)');
  });

  it('exits 2 for a bad file, printing its problems', async () => {
    const bad = join(work, 'bad.md');
    writeFileSync(bad, '---\ntitle: Bad\n---\n## One\n```check\nlink eth0 is sideways\n```\n');
    const run = await runCli(['run', bad, '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad}:6:11: error`);
    expect(run.stdout).toBe('');
  });
});

describe('names in checks', () => {
  const evil = join(work, 'evil.md');
  writeFileSync(
    evil,
    `---\ntitle: Evil\n---\n## One\n\`\`\`sh\ntouch ${touched}.evil\n\`\`\`\n\`\`\`check\nnamespace "H1; rm -rf /" exists\nlink "H1; rm -rf /" is up\n\`\`\`\n`,
  );

  it('a check naming "H1; rm -rf /" is a lint error with line and column', async () => {
    const lint = await runCli(['lint', evil]);
    expect(lint.code).toBe(1); // lint: 1 on any error (README)
    expect(lint.stdout + lint.stderr).toContain(`${evil}:9:11: error: "H1; rm -rf /" is not a valid namespace name`);
    expect(lint.stdout + lint.stderr).toContain(`${evil}:10:6: error: "H1; rm -rf /" is not a valid interface name`);
  });

  it('stops `run` with exit 2 before anything runs', async () => {
    const run = await runCli(['run', evil, '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing was run');
    expect(run.stdout).not.toContain('Step 1');
    expect(existsSync(`${touched}.evil`)).toBe(false);
  });
});
