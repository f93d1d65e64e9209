/**
 * Reading and writing scenario-cache entries as the cache does (src/lint/scenario-cache.ts): a
 * header line `{key, sum}`, then the result, whose SHA-256 is `sum`. For tests that plant or
 * damage entries.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/** An entry file, split: its header and its result (parsed as plain JSON: RegExps stay tagged). */
export interface CacheEntryFile {
  header: { key: { build: string; path: string; sha256: string }; sum: string };
  result: { scenario: Record<string, unknown> & { meta: { title: string } }; warnings: Array<{ message: string; severity: string }> };
}

export function readCacheEntry(path: string): CacheEntryFile {
  const text = readFileSync(path, 'utf8');
  const newline = text.indexOf('\n');
  return { header: JSON.parse(text.slice(0, newline)), result: JSON.parse(text.slice(newline + 1)) };
}

/**
 * Writes an entry.
 * @param checksum `fresh`: the sum of this result (a planted entry the cache must believe);
 *   `kept`: the header's sum as it is (a damaged entry)
 */
export function writeCacheEntry(path: string, entry: CacheEntryFile, checksum: 'fresh' | 'kept' = 'fresh'): void {
  const body = JSON.stringify(entry.result);
  const sum = checksum === 'fresh' ? createHash('sha256').update(body).digest('hex') : entry.header.sum;
  writeFileSync(path, `${JSON.stringify({ ...entry.header, sum })}\n${body}`);
}
