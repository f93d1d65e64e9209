/**
 * What identifies a scenario across runs and machines: its absolute path, and the SHA-256 of its
 * content (FIPS 180-4), so that progress and reports of an edited file are never mixed with the
 * old one's.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** A file's identity. */
export interface FileIdentity {
  /** Absolute path (resolved against the working directory). */
  path: string;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
}

/**
 * Reads the file and hashes it.
 * @param file path as given on the command line (relative to the working directory)
 * @throws the fs error (ENOENT, EACCES) when it cannot be read
 */
export async function fileIdentity(file: string): Promise<FileIdentity> {
  const bytes = await readFile(file);
  return { path: resolve(file), sha256: createHash('sha256').update(bytes).digest('hex') };
}
