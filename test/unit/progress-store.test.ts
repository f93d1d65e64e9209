import { chmod, chown, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listProgress } from '../../src/progress/list-progress.js';
import { mergeProgress } from '../../src/progress/merge-progress.js';
import { openProgressStore } from '../../src/progress/progress-store.js';
import { reportTotals, type ReportStep, type ReportStepStatus, type RunReport } from '../../src/report/run-report.js';
import { fileIdentity } from '../../src/util/file-identity.js';

function step(number: number, status: ReportStepStatus, extra: Partial<ReportStep> = {}): ReportStep {
  return { number, id: `s${number}`, title: `Step ${number}`, status, fastForwarded: false, checks: [], commands: [], hintsUsed: 0, predictions: [], durationMs: 100, ...extra };
}

function report(path: string, sha256: string, steps: ReportStep[], finished = '2024-05-01T10:00:00.000Z', mode: RunReport['mode'] = 'run'): RunReport {
  return {
    schemaVersion: 1,
    scenario: { title: 'T', path, sha256 },
    user: 'alice',
    mode,
    sandbox: 'private',
    status: 'failed',
    started: '2024-05-01T09:59:00.000Z',
    finished,
    durationMs: 60_000,
    steps,
    totals: reportTotals(steps),
  };
}

const SHA = 'a'.repeat(64);

describe('mergeProgress', () => {
  it('keeps the best outcome of each step, counts failures, adds time and predictions, ignores fast-forwarded steps', () => {
    const prediction = { line: 3, command: 'ping -c1 10.0.0.1', answer: 'succeeds' as const, actual: 'fails: all packets lost' as const, right: false };
    const first = mergeProgress(undefined, report('/s.md', SHA, [step(1, 'done'), step(2, 'failed', { predictions: [prediction] }), step(3, 'not-reached')]));
    const second = mergeProgress(first, report('/s.md', SHA, [step(1, 'failed'), step(2, 'solved', { hintsUsed: 2 }), step(3, 'done', { fastForwarded: true })], '2024-05-02T10:00:00.000Z'));
    expect(second.steps.map((s) => s.status)).toEqual(['done', 'solved', 'not-reached']);
    expect(second.steps.map((s) => s.failures)).toEqual([1, 1, 0]);
    expect(second.steps[1]!.hintsUsed).toBe(2);
    expect(second.steps[1]!.predictions).toEqual([prediction]);
    expect(second.steps[0]!.timeMs).toBe(200);
    expect(second.sessions).toBe(2);
    expect(second.firstActivity).toBe('2024-05-01T09:59:00.000Z');
    expect(second.lastActivity).toBe('2024-05-02T10:00:00.000Z');
  });

  it("marks a step earned only once the student's own commands made it hold in practice, and keeps it so", () => {
    const ran = mergeProgress(undefined, report('/s.md', SHA, [step(1, 'done'), step(2, 'done'), step(3, 'done')]));
    expect(ran.steps.map((s) => s.earned ?? false)).toEqual([false, false, false]);
    const practised = mergeProgress(ran, report('/s.md', SHA, [step(1, 'done', { fastForwarded: true }), step(2, 'done'), step(3, 'solved')], undefined, 'practice'));
    expect(practised.steps.map((s) => s.earned ?? false)).toEqual([false, true, false]);
    const again = mergeProgress(practised, report('/s.md', SHA, [step(1, 'done'), step(2, 'failed'), step(3, 'not-reached')], undefined, 'check'));
    expect(again.steps.map((s) => s.earned ?? false)).toEqual([false, true, false]);
  });
});

describe('the progress store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nslab-progress-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps one record per path and content, under $XDG_STATE_HOME/nslab/progress, and lists the latest first', async () => {
    const file = join(dir, 'lab.md');
    await writeFile(file, '---\ntitle: T\n---\n');
    const v1 = await fileIdentity(file);
    const store = await openProgressStore({ XDG_STATE_HOME: join(dir, 'state'), HOME: dir });
    expect(store.dir).toBe(join(dir, 'state', 'nslab', 'progress'));
    await store.record(report(v1.path, v1.sha256, [step(1, 'done'), step(2, 'failed')]));
    await store.record(report(v1.path, v1.sha256, [step(1, 'done'), step(2, 'done')], '2024-05-01T11:00:00.000Z'));
    await store.record(report(v1.path, SHA, [step(1, 'done'), step(2, 'not-reached')], '2024-05-01T12:00:00.000Z'));
    expect((await readdir(store.dir)).length).toBe(2);
    expect((await stat(store.dir)).mode & 0o777).toBe(0o700);
    const loaded = await store.load(v1);
    expect(loaded?.sessions).toBe(2);
    expect(loaded?.steps.map((s) => s.status)).toEqual(['done', 'done']);
    const rows = await listProgress(store);
    expect(rows.map((r) => [r.progress.scenario.sha256, r.file, r.finished, r.total])).toEqual([
      [SHA, 'changed', 1, 2],
      [v1.sha256, 'current', 2, 2],
    ]);
  });

  it('skips files that are not progress records instead of failing the listing', async () => {
    const store = await openProgressStore({ XDG_STATE_HOME: dir });
    await store.record(report('/gone.md', SHA, [step(1, 'done')]));
    await writeFile(join(store.dir, 'junk.json'), '{not json');
    const rows = await listProgress(store);
    expect(rows.map((r) => r.file)).toEqual(['missing']);
  });

  it.runIf(process.getuid?.() === 0)('under sudo, reads and writes as SUDO_USER: the records and the directories it made are theirs', async () => {
    // nobody (65534) exists on Debian; its home from getent is not used because XDG_STATE_HOME is
    // set. The home is theirs, as a real one is: the store writes with their rights.
    await chmod(dir, 0o755);
    await mkdir(join(dir, 'home'));
    await chown(join(dir, 'home'), 65534, 65534);
    const env = { XDG_STATE_HOME: join(dir, 'home', 'state'), SUDO_USER: 'nobody', SUDO_UID: '65534', SUDO_GID: '65534' };
    const store = await openProgressStore(env);
    expect(store.owner?.uid).toBe(65534);
    await store.record(report('/lab.md', SHA, [step(1, 'done')]));
    await store.record(report('/lab.md', SHA, [step(1, 'done')], '2024-05-01T11:00:00.000Z'));
    const [name] = await readdir(store.dir);
    for (const path of [join(dir, 'home', 'state'), join(dir, 'home', 'state', 'nslab'), store.dir, join(store.dir, name!)]) {
      expect((await stat(path)).uid).toBe(65534);
    }
    expect((await stat(dir)).uid).toBe(0);
    expect((await store.list()).map((r) => r.sessions)).toEqual([2]);
    // A link of theirs to a directory of root's: nothing is written there.
    const rootOnly = join(dir, 'root-only');
    await mkdir(rootOnly, { mode: 0o755 });
    await rm(join(dir, 'home', 'state'), { recursive: true });
    await symlink(rootOnly, join(dir, 'home', 'state'));
    await expect(store.record(report('/lab.md', SHA, [step(1, 'done')]))).rejects.toThrow();
    expect(await readdir(rootOnly)).toEqual([]);
  });
});
