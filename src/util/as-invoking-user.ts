/**
 * The files of the person who ran sudo (progress records, reports), read and written with their
 * own rights: by a short child process that setpriv(1) gives their uid and gid and no
 * supplementary groups. Root writing by name and then handing the file over can be led anywhere
 * by a link or a directory that person controls (a link in their state directory, or
 * `--report /root/.bashrc`); a process with their rights can only do what they could do anyway.
 */
import { dirname } from 'node:path';
import { runCollected, type Collected } from './child-process.js';
import type { SudoOwner } from './sudo-owner.js';

/** Runs argv as the owner, feeding `input` to its stdin. Never rejects for a failing command. */
async function runAsUser(owner: SudoOwner, argv: readonly string[], input = ''): Promise<Collected> {
  const ended = await runCollected('setpriv', [`--reuid=${owner.uid}`, `--regid=${owner.gid}`, '--clear-groups', '--', ...argv], input);
  return ended.error ? { ...ended, stderr: ended.error.message } : ended;
}

/**
 * The shell script of {@link writeFileAsUser}: the directory made as needed (`umask 077`: 0700,
 * as a state directory), the text written to a temporary file beside the target, given its mode
 * and renamed over the target (rename(2) replaces a link at the target, never writes through it).
 * Arguments: $1 directory, $2 target, $3 mode (octal).
 */
const WRITE_SCRIPT = [
  'umask 077',
  'mkdir -p -- "$1" || exit 1',
  't=$(mktemp -- "$1/.nslab-write.XXXXXXXX") || exit 1',
  'if cat >"$t" && chmod "$3" -- "$t" && mv -f -- "$t" "$2"; then exit 0; fi',
  'rm -f -- "$t"; exit 1',
].join('\n');

/**
 * Writes a file whole as the owner (see the module comment), making its directory if needed.
 * @param mode the file's permission bits (e.g. 0o600 for a record, 0o644 for a report)
 * @throws Error with the child's message when the owner cannot write there
 */
export async function writeFileAsUser(owner: SudoOwner, path: string, text: string, mode: number): Promise<void> {
  const ended = await runAsUser(owner, ['sh', '-c', WRITE_SCRIPT, 'sh', dirname(path), path, mode.toString(8)], text);
  if (ended.code !== 0) throw new Error(ended.stderr.trim() || `cannot write ${path} as ${owner.name}`);
}

/**
 * Reads a file as the owner.
 * @returns its text (UTF-8), or undefined when the owner cannot read it (or it does not exist)
 */
export async function readFileAsUser(owner: SudoOwner, path: string): Promise<string | undefined> {
  const ended = await runAsUser(owner, ['cat', '--', path]);
  return ended.code === 0 ? ended.stdout : undefined;
}

/**
 * The names in a directory as the owner sees them (`ls -A`), or [] when they cannot list it.
 * @returns entry names, in no particular order
 */
export async function readdirAsUser(owner: SudoOwner, dir: string): Promise<string[]> {
  const ended = await runAsUser(owner, ['ls', '-A', '--', dir]);
  return ended.code === 0 ? ended.stdout.split('\n').filter((n) => n !== '') : [];
}

/** Whether the owner may create files in `dir` (an existing directory they can write and enter). */
export async function canWriteAsUser(owner: SudoOwner, dir: string): Promise<boolean> {
  return (await runAsUser(owner, ['test', '-d', dir, '-a', '-w', dir, '-a', '-x', dir])).code === 0;
}
