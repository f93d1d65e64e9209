/**
 * Vitest global setup: every test process (and every nslab it starts) keeps its progress in a
 * temporary XDG_STATE_HOME, its scenario cache in a temporary XDG_CACHE_HOME and the records of
 * its --host runs in a temporary NSLAB_HOST_RUNS_DIR, never in the user's ~/.local/state/nslab,
 * ~/.cache/nslab or this machine's /run/nslab/host-runs; all removed at the end. Tests of the
 * default records' directory unset it and give nslab a private /run/nslab
 * (test/helpers/private-host.ts). sudo's variables are dropped: under `sudo npm test` nslab
 * would otherwise write its files with the invoking user's rights, into the tests' directories
 * of root's; the tests about sudo set them themselves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'nslab-test-state-'));
  process.env.XDG_STATE_HOME = dir;
  process.env.XDG_CACHE_HOME = join(dir, 'cache');
  process.env.NSLAB_HOST_RUNS_DIR = join(dir, 'host-runs');
  for (const name of ['SUDO_USER', 'SUDO_UID', 'SUDO_GID', 'SUDO_COMMAND']) delete process.env[name];
  return () => rmSync(dir, { recursive: true, force: true });
}
