/**
 * Looking for a text in a file inside the sandbox (a server's log, a config file). The file is
 * read by a process in the sandbox, never by nslab on the host: the sandbox has its own /tmp,
 * and `ip netns exec NS` shows a namespace its own /etc/netns/NS files (ip-netns(8)).
 */
import type { Exec } from '../sandbox/types.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

/** Longest line kept for a message, in characters. */
const SHOWN_LINE = 120;
/** How many matching lines, and how many last lines, a search keeps. */
const SHOWN_LINES = 3;

/** The outcome of looking for a text in a file. */
export type FileSearch =
  | { exists: false }
  /** matches: up to 3 lines containing the text, with their 1-based numbers; lastLines: the file's last 3 lines when none does. */
  | { exists: true; matches: Array<{ line: number; text: string }>; lastLines: string[] };

function shown(line: string): string {
  return line.length > SHOWN_LINE ? `${line.slice(0, SHOWN_LINE)}...` : line;
}

/**
 * Looks for a fixed text in a file, line by line, whatever the file's size.
 * @param exec runs `[ip netns exec NS] grep -n -a -F -m 3 -e TEXT -- PATH` (exit 0: found,
 *   1: not found, 2: error — grep(1)), then `tail -n 3 -- PATH` when it is not found.
 * @param ns namespace whose view of the file system to use; undefined = root namespace.
 * @param path absolute path.
 * @param text the text (one line; checks cannot hold a newline).
 * @returns whether the file exists, the first matching lines or its last lines; failed with
 *   grep's message when the file cannot be read (a directory, no permission).
 */
export async function searchFile(exec: Exec, ns: string | undefined, path: string, text: string): Promise<StateResult<FileSearch>> {
  const grep = await exec(inNamespace(ns, ['grep', '-n', '-a', '-F', '-m', String(SHOWN_LINES), '-e', text, '--', path]), {
    timeoutMs: READ_TIMEOUT_MS,
  });
  if (grep.exitCode === 2 && /No such file or directory/.test(grep.output)) return { ok: true, value: { exists: false } };
  if (grep.exitCode !== 0 && grep.exitCode !== 1) return failureOf(grep, ns);
  const matches = (grep.stdout ?? '').split('\n').flatMap((l) => {
    const m = /^(\d+):(.*)$/.exec(l);
    return m ? [{ line: Number(m[1]), text: shown(m[2]!) }] : [];
  });
  if (matches.length > 0) return { ok: true, value: { exists: true, matches, lastLines: [] } };
  const tail = await exec(inNamespace(ns, ['tail', '-n', String(SHOWN_LINES), '--', path]), { timeoutMs: READ_TIMEOUT_MS });
  const lastLines = tail.exitCode === 0 ? (tail.stdout ?? '').split('\n').filter((l) => l.trim() !== '').map(shown) : [];
  return { ok: true, value: { exists: true, matches: [], lastLines } };
}
