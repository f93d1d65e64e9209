/**
 * Where nslab keeps files between runs, after the XDG Base Directory Specification 0.8:
 * what it must remember (progress) in the state directory,
 * `$XDG_STATE_HOME/nslab`, by default `~/.local/state/nslab`; what it can always compute again
 * (parsed scenarios) in the cache directory, `$XDG_CACHE_HOME/nslab`, by default
 * `~/.cache/nslab`.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * @param env the environment to read (default: process.env); a relative `XDG_STATE_HOME` is
 *   ignored, as the specification requires.
 * @returns the absolute path of nslab's state directory; it is not created here.
 */
export function nslabStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return xdgDir(env, 'XDG_STATE_HOME', ['.local', 'state']);
}

/**
 * @param env the environment to read (default: process.env); a relative `XDG_CACHE_HOME` is
 *   ignored, as the specification requires.
 * @returns the absolute path of nslab's cache directory; it is not created here.
 */
export function nslabCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return xdgDir(env, 'XDG_CACHE_HOME', ['.cache']);
}

/** `$VARIABLE/nslab` when VARIABLE holds an absolute path, else `$HOME/<fallback>/nslab`. */
function xdgDir(env: NodeJS.ProcessEnv, variable: string, fallback: string[]): string {
  const xdg = env[variable];
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), ...fallback);
  return join(base, 'nslab');
}
