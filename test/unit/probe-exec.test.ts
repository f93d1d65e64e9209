import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProbeExec, MAX_PROBES } from '../../src/sandbox/probe-exec.js';

// Probe bashes on the host running harmless programs (cat, echo, sh): the pool itself, not the
// sandbox, is under test here (test/sandbox/* run probes inside private sandboxes).
const BASH = ['bash', '--noprofile', '--norc'];

describe('probe exec: a pool of probe bashes', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const fifo = async (exec: ReturnType<typeof createProbeExec>['exec']): Promise<string> => {
    const dir = mkdtempSync(join(tmpdir(), 'nslab-probe-test-'));
    dirs.push(dir);
    const path = join(dir, 'fifo');
    expect((await exec(['mkfifo', path])).exitCode).toBe(0);
    return path;
  };

  it('runs calls made together at the same time: a reader and the writer it waits for both finish', async () => {
    const probe = createProbeExec(BASH, false);
    opened.push(probe);
    const path = await fifo(probe.exec);
    // Served one at a time, the reader would block the writer until its timeout.
    const [reader, writer] = await Promise.all([
      probe.exec(['cat', path], { timeoutMs: 5_000 }),
      probe.exec(['sh', '-c', `echo across > ${path}`], { timeoutMs: 5_000 }),
    ]);
    expect(reader).toMatchObject({ exitCode: 0, timedOut: false, stdout: 'across\n' });
    expect(writer).toMatchObject({ exitCode: 0, timedOut: false });
  });

  it('with maxProbes 1, serves calls one after the other (the reader times out, then the writer runs)', async () => {
    const probe = createProbeExec(BASH, false, 1);
    opened.push(probe);
    const path = await fifo(probe.exec);
    const [reader, after] = await Promise.all([
      probe.exec(['cat', path], { timeoutMs: 500 }),
      probe.exec(['echo', 'second']),
    ]);
    expect(reader.timedOut).toBe(true);
    expect(after).toMatchObject({ exitCode: 0, stdout: 'second\n' });
  });

  it('keeps each call its own output and exit status when many run at once', async () => {
    const probe = createProbeExec(BASH, false);
    opened.push(probe);
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => probe.exec(['sh', '-c', `echo out${i}; echo err${i} >&2; exit ${i % 5}`])),
    );
    results.forEach((r, i) => {
      expect(r.stdout).toBe(`out${i}\n`);
      expect(r.output).toBe(`out${i}\nerr${i}\n`);
      expect(r.exitCode).toBe(i % 5);
    });
  });

  it(`starts at most ${MAX_PROBES} probe bashes, and close() ends every one`, async () => {
    const probe = createProbeExec(BASH, false);
    opened.push(probe);
    // The parent of each call's process is the probe bash that ran it.
    const parents = await Promise.all(Array.from({ length: 12 }, () => probe.exec(['sh', '-c', 'echo $PPID; sleep 0.05'])));
    const pids = [...new Set(parents.map((r) => Number(r.stdout.trim())))];
    expect(pids.length).toBeGreaterThan(1);
    expect(pids.length).toBeLessThanOrEqual(MAX_PROBES);
    expect(pids.every((pid) => existsSync(`/proc/${pid}`))).toBe(true);
    await probe.close();
    expect(pids.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  });

  it('goes on serving after a call timed out', async () => {
    const probe = createProbeExec(BASH, false);
    opened.push(probe);
    const [slow, quick] = await Promise.all([probe.exec(['sleep', '30'], { timeoutMs: 200 }), probe.exec(['echo', 'meanwhile'])]);
    expect(slow.timedOut).toBe(true);
    expect(quick.stdout).toBe('meanwhile\n');
    expect((await probe.exec(['echo', 'after'])).stdout).toBe('after\n');
  });
});
