import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/run-report.js';
import { stepCommands } from '../../src/run/step-commands.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { validateSchema } from '../helpers/json-schema.js';
import { ROOT, runCli, runProcess } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const STATE = { XDG_STATE_HOME: join(work, 'state') };
const reportFile = join(work, 'check.json');
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'docs/report.schema.json'), 'utf8')) as Record<string, unknown>;

/** The router walkthrough's names: `check` reads the host, so they must be free before the test makes them. */
const NAMES = ['H1', 'H2', 'R'];
const hostNamespaces = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]);
const hostLinks = () => execFileSync('ip', ['-br', 'link'], { encoding: 'utf8' }).split('\n').map((l) => l.split(/[\s@]/)[0]);
const namesFree = () => !hostNamespaces().some((n) => NAMES.includes(n!)) && !hostLinks().some((l) => /^(H1|H2|R)-eth/.test(l!));

describe('nslab check on the host (the router walkthrough followed by hand in a root shell)', () => {
  it.skipIf(!namesFree())('reports every step ✔, then the forwarding step ✘ with its diagnosis once ip_forward is undone', async () => {
    const scenario = await loadScenario('scenarios/l3-router.md');
    // The student's terminal: every command of the tutorial, the instructive failures included.
    const typed = scenario.steps.flatMap((s) => stepCommands(s).map((c) => `${c.command.text} >/dev/null 2>&1 || true`));
    try {
      const built = await runProcess('bash', ['-c', typed.join('\n')]);
      expect(built.code).toBe(0);
      const all = await runCli(['check', 'scenarios/l3-router.md']);
      expect(all.stderr).toBe('');
      expect(all.stdout).toContain("the host's namespaces");
      expect(all.stdout.match(/^ {2}✔ \d /gm)).toHaveLength(8);
      expect(all.stdout).toContain('8 of 8 steps hold');
      expect(all.code).toBe(0);

      await runProcess('ip', ['netns', 'exec', 'R', 'sysctl', '-qw', 'net.ipv4.ip_forward=0']);
      const undone = await runCli(['check', 'scenarios/l3-router.md', '--report', reportFile], STATE);
      expect(undone.code).toBe(1);
      expect(undone.stdout).toMatch(/^ {2}✘ 8 Turn on forwarding$/m);
      expect(undone.stdout).toContain('Step 8 does not hold:');
      expect(undone.stdout).toContain('✘ R: sysctl net.ipv4.ip_forward = 1 — found net.ipv4.ip_forward = 0');
      expect(undone.stdout).toMatch(/why: .*forward/);
      expect(undone.stdout).toContain('7 of 8 steps hold');

      // The report says the same; check records nothing in the progress store.
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as RunReport;
      expect(validateSchema(report, SCHEMA)).toEqual([]);
      expect(report).toMatchObject({ mode: 'check', sandbox: 'host', status: 'failed' });
      expect(report.steps.map((s) => s.status)).toEqual([...Array(7).fill('done'), 'failed']);
      const forwarding = report.steps[7]!.checks;
      expect(forwarding.find((c) => c.source === 'R: sysctl net.ipv4.ip_forward = 1')).toMatchObject({ ok: false, found: 'net.ipv4.ip_forward = 0' });
      expect(forwarding.find((c) => c.source.includes('ping'))?.diagnosis).toMatch(/forward/);
      expect(existsSync(join(STATE.XDG_STATE_HOME, 'nslab', 'progress'))).toBe(false);
    } finally {
      await runProcess('bash', ['-c', scenario.meta.cleanup ?? '']);
    }
    expect(namesFree()).toBe(true);
  });

  it('says where a bad file is wrong, exit 2, before reading any state', async () => {
    const r = await runCli(['check', 'test/fixtures/parser/block-errors.md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/block-errors\.md:\d+:\d+: error:/);
  });
});
