/**
 * What every child process nslab starts shares: the environment it runs with, POSIX quoting for
 * a word put into shell code, and a short helper process run to its end with its output
 * collected. node:child_process rather than zx: these run inside the CLI's bundle, where zx
 * would add its size to what every start reads (README, "Design notes").
 */
import { spawn } from 'node:child_process';

/** The system administration directories (FHS 3.0: sysctl, ifconfig, dnsmasq live there). */
const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/**
 * PATH with the sbin directories added at its end when missing: `su - user` and some
 * distributions leave them out of a user's PATH, though the programs there are the ones a
 * scenario runs (as root inside the sandbox).
 * @param path a PATH value (undefined: the sbin directories after /usr/local/bin:/usr/bin:/bin)
 */
export function withSbin(path: string | undefined): string {
  const dirs = (path ?? '/usr/local/bin:/usr/bin:/bin').split(':');
  return [...dirs, ...SBIN.filter((d) => !dirs.includes(d))].join(':');
}

/**
 * Environment for commands nslab runs: PATH {@link withSbin}, the caller's, with `LC_ALL=C.UTF-8` so that tool
 * messages are the English ones checks and scenarios match (iputils, iproute2 use gettext),
 * and without `BASH_ENV`/`ENV`, which non-interactive shells would source.
 */
export function commandEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C.UTF-8', PATH: withSbin(process.env.PATH) };
  delete env.BASH_ENV;
  delete env.ENV;
  return env;
}

/**
 * POSIX single quoting (`'` becomes `'\''`): the word arrives in the process exactly as given,
 * whatever it holds (POSIX.1-2017, Shell Command Language, 2.2.3).
 */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

/** How a process run by {@link runCollected} ended. */
export interface Collected {
  /** Exit status; null when a signal ended it or it never started. */
  code: number | null;
  /** What it wrote, decoded as UTF-8. */
  stdout: string;
  stderr: string;
  /** Why it could not be started (ENOENT: no such program), when it could not. */
  error?: NodeJS.ErrnoException;
}

/**
 * Runs `file args...` to its end, feeding `input` to its stdin and collecting its output: for
 * short helper programs (setpriv, dot), not for commands of a scenario (sandbox/ runs those).
 * A program that exits before reading all its input is no error (EPIPE is ignored): its exit
 * status and stderr say why.
 * @returns never rejects: a program that cannot start resolves with `error` set
 */
export function runCollected(file: string, args: readonly string[], input = ''): Promise<Collected> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, stdout, stderr, error }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
