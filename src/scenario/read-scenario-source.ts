/**
 * Reading a scenario file's text, apart from the parser: a scenario found in the cache
 * (lint/scenario-cache.ts) is read without loading markdown-it or js-yaml at all.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../util/errors.js';

/**
 * Reads a scenario file's text (UTF-8).
 * @param file path of the Markdown file (relative to the working directory or absolute).
 * @throws UsageError when the file cannot be read, saying why in words.
 */
export async function readScenarioSource(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'there is no such file'
      : code === 'EISDIR' ? 'it is a directory, not a Markdown file'
      : code === 'EACCES' ? 'permission denied'
      : (err as Error).message;
    throw new UsageError(`cannot read scenario ${file}: ${why}`);
  }
}
