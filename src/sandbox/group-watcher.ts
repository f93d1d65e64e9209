/**
 * A watcher that kills a process group when nslab dies, however it dies (SIGKILL included).
 *
 * Why: a `--host` shell's commands run in the shell's process group (no job control), but when
 * nslab is SIGKILLed nothing stops them: pdeathsig (prctl(2) PR_SET_PDEATHSIG) kills the bash
 * only, and its running command (`sleep 30`, a daemon in the foreground) is reparented to init.
 * The private sandbox has no such gap: its PID namespace dies with its init
 * (pid_namespaces(7)). The watcher is a `sh` blocked reading a pipe whose only writer is nslab:
 * the kernel closes that end when nslab exits, `read` sees end of file, and the watcher sends
 * SIGKILL to the group (kill(1), `kill -KILL -PGID`). The number is not handed out again while
 * any member of the group lives (kernel/pid.c: a pid is freed only once no task uses it as its
 * pid, process group or session), so the signal reaches only what is left of the group. nslab's
 * end of the pipe is close-on-exec (libuv), so no command inherits it and holds it open.
 *
 * Limit: a process that left the group (setsid(1), a daemon that detaches) is not reached.
 */
import { spawn } from 'node:child_process';

/** A started watcher. */
export interface GroupWatcher {
  /** Stops the watcher without signalling the group (the shell ended normally). Idempotent. */
  stop(): void;
}

/** Reads to end of file (nslab gone), then kills the group "$1". */
// dash's kill takes no `--`: after the signal, `-PGID` is read as a group.
const WATCH = 'while read -r _; do :; done; kill -KILL "-$1" 2>/dev/null';

/**
 * Starts a watcher for a process group.
 * @param pgid the group's id (the pid of its leader: a process spawned `detached`, setsid(2))
 * @returns the watcher; it does not keep nslab's event loop alive
 */
export function watchGroup(pgid: number): GroupWatcher {
  // Its own session, so that Ctrl-C at the terminal does not end it; stdout/stderr unused.
  const watcher = spawn('sh', ['-c', WATCH, 'nslab-group-watcher', String(pgid)], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  watcher.on('error', () => {}); // no sh: pdeathsig on the bash still holds
  watcher.stdin.on('error', () => {});
  watcher.unref();
  (watcher.stdin as unknown as { unref?: () => void }).unref?.();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      // SIGKILL, not closing stdin: end of file is the signal to kill the group.
      watcher.kill('SIGKILL');
    },
  };
}
