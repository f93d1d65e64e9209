/**
 * Vitest global setup: every test process (and every nslab it starts) keeps its progress in a
 * temporary XDG_STATE_HOME and its scenario cache in a temporary XDG_CACHE_HOME, never in the
 * user's ~/.local/state/nslab or ~/.cache/nslab; both removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'nslab-test-state-'));
  process.env.XDG_STATE_HOME = dir;
  process.env.XDG_CACHE_HOME = join(dir, 'cache');
  return () => rmSync(dir, { recursive: true, force: true });
}
