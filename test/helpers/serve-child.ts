/**
 * `nslab serve` as a user starts it: a child process (the CLI, `node bin/nslab serve`, or an
 * installed `nslab`), its URL read from what it prints. Tests signal it by its pid only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './run-cli.js';

/** A started server. */
export interface ServeChild {
  child: ChildProcess;
  /** The URL it printed, token included. */
  url: URL;
  port: number;
  token: string;
  /** Resolves with its exit code (null when a signal ended it) once it has exited. */
  exited: Promise<number | null>;
  /** Everything it has printed so far, standard output and error together. */
  printed(): string;
}

/** How to start it. */
export interface ServeChildOptions {
  /** The program and its arguments before `serve` (default: node bin/nslab from the repository). */
  command?: [string, ...string[]];
  /** Arguments after `serve` (scenario files or directories). */
  args?: string[];
  cwd?: string;
  /** Added to this process's environment (NO_COLOR is always set). */
  env?: Record<string, string>;
}

/**
 * Starts `nslab serve` and waits until it printed its URL.
 * @throws when it exits before printing one (with what it printed)
 */
export async function startServeChild({ command = [process.execPath, 'bin/nslab'], args = [], cwd = ROOT, env = {} }: ServeChildOptions = {}): Promise<ServeChild> {
  const [program, ...before] = command;
  const child = spawn(program, [...before, 'serve', ...args], { cwd, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let printed = '';
  const url = await new Promise<URL>((resolve, reject) => {
    const read = (d: Buffer) => {
      printed += d.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(printed);
      if (found) resolve(new URL(found[0]));
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('close', () => reject(new Error(`nslab serve ended before printing its URL: ${printed}`)));
  });
  return { child, url, port: Number(url.port), token: url.searchParams.get('token')!, exited, printed: () => printed };
}
