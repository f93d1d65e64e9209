import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOST_RUNS_DIR, hostRunsDir, legacyHostRunsDir, readRecords, UntrustedRecordsDir } from '../../src/host-mode/host-run-record.js';
import { EnvironmentError } from '../../src/util/errors.js';

const SUDO = { SUDO_USER: 'nobody', SUDO_UID: '65534', SUDO_GID: '65534' };

describe('hostRunsDir', () => {
  it('is /run/nslab/host-runs, whatever XDG_STATE_HOME and HOME say', () => {
    expect(HOST_RUNS_DIR).toBe('/run/nslab/host-runs');
    expect(hostRunsDir({ XDG_STATE_HOME: '/home/u/.local/state', HOME: '/home/u' })).toBe('/run/nslab/host-runs');
    expect(hostRunsDir({ NSLAB_HOST_RUNS_DIR: '' })).toBe('/run/nslab/host-runs');
  });

  it('follows an absolute NSLAB_HOST_RUNS_DIR, and says a relative one is wrong', () => {
    expect(hostRunsDir({ NSLAB_HOST_RUNS_DIR: '/srv/runs' })).toBe('/srv/runs');
    expect(() => hostRunsDir({ NSLAB_HOST_RUNS_DIR: 'runs' })).toThrow(new EnvironmentError('NSLAB_HOST_RUNS_DIR must be an absolute path, not "runs".'));
  });

  it.runIf(process.getuid?.() === 0)('refuses NSLAB_HOST_RUNS_DIR under sudo for another user (exit 3), not the default', () => {
    expect(() => hostRunsDir({ ...SUDO, NSLAB_HOST_RUNS_DIR: '/home/u/runs' })).toThrow(EnvironmentError);
    expect(() => hostRunsDir({ ...SUDO, NSLAB_HOST_RUNS_DIR: '/home/u/runs' })).toThrow('NSLAB_HOST_RUNS_DIR (/home/u/runs) is not used under sudo');
    expect(hostRunsDir({ ...SUDO })).toBe('/run/nslab/host-runs');
    expect(hostRunsDir({ SUDO_USER: 'root', SUDO_UID: '0', NSLAB_HOST_RUNS_DIR: '/srv/runs' })).toBe('/srv/runs');
  });
});

describe('legacyHostRunsDir', () => {
  it('is where earlier versions kept records: $XDG_STATE_HOME/nslab/host-runs', () => {
    expect(legacyHostRunsDir({ XDG_STATE_HOME: '/x/state', HOME: '/home/u' })).toBe('/x/state/nslab/host-runs');
    expect(legacyHostRunsDir({ HOME: '/home/u' })).toBe('/home/u/.local/state/nslab/host-runs');
  });
});

describe('readRecords', () => {
  const base = mkdtempSync(join(tmpdir(), 'nslab-records-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('reads nothing through a symbolic link: UntrustedRecordsDir (an EnvironmentError, exit 3)', async () => {
    const elsewhere = join(base, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    writeFileSync(join(elsewhere, '1-1.json'), '{"version":1}');
    const dir = join(base, 'runs');
    symlinkSync(elsewhere, dir);
    const read = readRecords(dir);
    await expect(read).rejects.toBeInstanceOf(UntrustedRecordsDir);
    await expect(read).rejects.toBeInstanceOf(EnvironmentError);
    await expect(read).rejects.toThrow(`${dir} is a symbolic link: nslab neither writes the records of --host runs in ${dir} nor acts on those there`);
    expect(readdirSync(elsewhere)).toEqual(['1-1.json']);
  });

  it('reads none from a directory that does not exist', async () => {
    expect(await readRecords(join(base, 'none', 'runs'))).toEqual([]);
  });
});
