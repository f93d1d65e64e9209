/**
 * A `mount` that holds the private sandbox's opening open: put first on PATH, PID 1's INIT finds
 * it like any other program (its first mount runs before READY), writes a marker file and blocks.
 * The host's /tmp is still visible to PID 1 at that point, so the marker can live there. The
 * sleep dies with the sandbox's PID namespace.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes the held `mount` into DIR/bin.
 * @param dir a directory of the test's own (absolute path)
 * @returns `bin`, the directory to put first on PATH, and `started`, the marker file it creates
 */
export function heldMount(dir: string): { bin: string; started: string } {
  const bin = join(dir, 'bin');
  const started = join(dir, 'mount-started');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'mount'), `#!/bin/sh\ntouch '${started}'\nexec sleep 600\n`);
  chmodSync(join(bin, 'mount'), 0o755);
  return { bin, started };
}

/**
 * Resolves once `file` exists (polling every 20 ms): waits for a condition, not a time.
 * @throws Error after `ms` (default 20 s: an opening takes ~30 ms)
 */
export async function waitForFile(file: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
