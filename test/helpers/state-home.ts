/**
 * Vitest global setup: every test process (and every nslab it starts) keeps its progress in a
 * temporary XDG_STATE_HOME, never in the user's ~/.local/state/nslab; removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'nslab-test-state-'));
  process.env.XDG_STATE_HOME = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
