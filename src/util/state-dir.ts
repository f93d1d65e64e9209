/**
 * Where nslab keeps what it must remember between runs (progress, host-mode records): the XDG
 * Base Directory Specification's state directory, `$XDG_STATE_HOME/nslab`, by default
 * `~/.local/state/nslab` (XDG Base Directory Specification 0.8, "$XDG_STATE_HOME").
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * @param env the environment to read (default: process.env); a relative `XDG_STATE_HOME` is
 *   ignored, as the specification requires.
 * @returns the absolute path of nslab's state directory; it is not created here.
 */
export function nslabStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'nslab');
}
