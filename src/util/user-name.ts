/**
 * Who is running nslab, for reports and progress: under sudo(8) the person who typed `sudo`
 * (`SUDO_USER`, set by sudo), not root.
 */
import { userInfo } from 'node:os';

/**
 * @param env the environment to read (default: process.env)
 * @returns `SUDO_USER` when nslab runs as root under sudo, else the login name of the process's user
 */
export function userName(env: NodeJS.ProcessEnv = process.env): string {
  if (process.getuid?.() === 0 && env.SUDO_USER) return env.SUDO_USER;
  try {
    return userInfo().username;
  } catch {
    // A uid without a passwd entry (a container started with --user 1234).
    return env.USER ?? env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
}
