/**
 * The host "sandbox" (`--host`): the same interface as the private sandbox, but commands and
 * checks run directly on the host, in its root network namespace. Nothing is isolated, and
 * nothing is undone at close beyond stopping the processes nslab started.
 */
import { EnvironmentError } from '../util/errors.js';
import { createExec } from './create-exec.js';
import { openShellSession } from './shell-session.js';
import type { Sandbox, ShellSession } from './types.js';

/**
 * Refuses `--host` without root, so that a command can say so before it shows anything else.
 * @throws EnvironmentError when not running as root (uid 0): changing the host's network needs
 *   CAP_NET_ADMIN (capabilities(7)).
 */
export function assertHostPrivilege(): void {
  if (process.getuid?.() !== 0) {
    throw new EnvironmentError("--host changes the host's network and needs root: run it with sudo.");
  }
}

/**
 * Opens the host as a sandbox.
 * @returns a Sandbox of kind 'host'; close() stops the shells it opened (their background jobs
 *   included). Never throws from close(). If nslab dies without closing it, the shells and
 *   what runs in their process groups are killed too (pdeathsig and a group watcher).
 * @throws EnvironmentError when not running as root (uid 0): changing the host's network needs
 *   CAP_NET_ADMIN.
 */
export async function openHostSandbox(): Promise<Sandbox> {
  assertHostPrivilege();
  const shells = new Set<ShellSession>();
  let closing: Promise<void> | undefined;
  return {
    kind: 'host',
    exec: createExec([]),
    async openShell() {
      // If nslab dies (SIGKILL), the bash dies with it (pdeathsig, prctl(2); setpriv execs bash,
      // so the pid is the same), and the watcher kills the command it was running.
      const shell = await openShellSession(['setpriv', '--pdeathsig', 'KILL', 'bash', '--noprofile', '--norc'], { viaFork: false, guardGroup: true });
      shells.add(shell);
      return shell;
    },
    close() {
      closing ??= Promise.all([...shells].map((s) => s.close().catch(() => {}))).then(() => {});
      return closing;
    },
  };
}
