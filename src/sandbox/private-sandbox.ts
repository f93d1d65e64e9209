/**
 * The private sandbox: new network, mount and PID namespaces (unshare(1)) that nothing on the
 * host sees, and that vanish with every process in them when nslab closes them or dies.
 *
 * A keeper process holds them: `setpriv --pdeathsig KILL unshare ... --fork --kill-child
 * --mount-proc bash -c INIT`. INIT (PID 1 of the new PID namespace) mounts the sandbox's
 * private view of the filesystem (filesystem-view.ts: private /etc, /var, /run, /tmp, homes; the
 * rest read-only), then blocks reading its stdin, a pipe from nslab. When
 * that pipe closes (close(), or nslab died), PID 1 exits, and the kernel kills every other
 * process of the PID namespace (pid_namespaces(7)): daemons and background servers cannot
 * outlive the sandbox. pdeathsig (on unshare) and --kill-child (on PID 1) cover a SIGKILLed
 * nslab. Commands enter with `nsenter --target PID1 --net --mount --pid --uts --ipc`.
 *
 * PID 1 is `bash --noprofile --norc`: its stdin is a socket (Node's 'pipe' is a socketpair),
 * and a non-interactive bash whose stdin is a socket and whose SHLVL is unset or 0 (cron, CI
 * runners, `( cmd & )`) takes itself for one started by rshd/sshd and reads ~/.bashrc
 * (bash(1), INVOCATION; shell.c run_startup_files). The user's rc file would then run before
 * READY, inside the sandbox but on the host's files: pyenv's `pyenv init -` runs `pyenv rehash`,
 * which takes a lock file in ~/.pyenv/shims; an interrupt that killed the sandbox at that moment
 * left the lock behind, and every later sandbox waited 60 s for it (PYENV_REHASH_TIMEOUT).
 *
 * node:child_process rather than zx for the keeper: it is a pipe held open for the sandbox's
 * lifetime, not a command awaited to completion.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentError, InterruptedError } from '../util/errors.js';
import { childPids } from '../util/process-tree.js';
import { settleWithin } from '../util/settle-within.js';
import { commandEnv } from '../util/child-process.js';
import { assertContainerCapabilities } from './container-privileges.js';
import { DEV_LINKS, DEV_STAGING, DEVICES, filesystemTable, STAGING, stagingPreparation } from './filesystem-view.js';
import { privateViews } from './private-views.js';
import { SANDBOX_ENV } from './sandbox-env.js';
import { createProbeExec } from './probe-exec.js';
import { openShellSession } from './shell-session.js';
import type { Sandbox, ShellSession } from './types.js';

/**
 * PID 1 of the sandbox. `set -e`: a failed mount ends it before READY, with the error — a
 * sandbox is never opened with part of its private view missing. It mounts the staging tmpfs,
 * makes what must be in the overlays' upper layers beforehand (NSLAB_PREPARE: directories, one
 * per line; NSLAB_COPIES: source and destination lines, copied with builtins, no process), then
 * the whole table of filesystem-view.ts in one mount(8) (`mount -a -T`; it reads a regular file,
 * not a pipe), rather than one process per file system: the sandbox's opening is on the critical
 * path of every run.
 */
const INIT = [
  'set -e',
  `mount -t tmpfs nslab-fs ${STAGING}`,
  "if [ -n \"$NSLAB_PREPARE\" ]; then IFS=$'\\n' dirs=($NSLAB_PREPARE); unset IFS; mkdir -p -- \"${dirs[@]}\"; fi",
  "IFS=$'\\n' copies=($NSLAB_COPIES); unset IFS",
  'for ((i = 0; i < ${#copies[@]}; i += 2)); do',
  '  [ -r "${copies[i]}" ] || continue',
  '  IFS= read -r -d \'\' text < "${copies[i]}" || true',
  '  printf %s "$text" > "${copies[i+1]}"',
  'done',
  "IFS=$'\\n' files=($NSLAB_FILES); unset IFS",
  'for f in "${files[@]}"; do : > "$f"; done',
  // The private /dev's links (fd, stdin, stdout, stderr), as the host has them. Before mount(8),
  // not beside it: its last mounts cover the staging path this copy writes to.
  `cp -P -- ${DEV_LINKS.join(' ')} ${DEV_STAGING}/ 2>/dev/null || true`,
  `printf %s "$NSLAB_FSTAB" > ${STAGING}/fstab`,
  `mount -a -T ${STAGING}/fstab`,
  'unset NSLAB_PREPARE NSLAB_COPIES NSLAB_FILES NSLAB_FSTAB dirs copies files text i f',
  'ip link set lo up',
  'echo READY',
  'read -r _ || true',
].join('\n');

/**
 * The directories under /tmp that must stay visible inside the sandbox: nslab's installation
 * (two levels above this module, whether it runs from src/, dist/ or the dist/bundle/ bundle)
 * and the running node's, when they live there.
 */
function keptUnderTmp(): string[] {
  const candidates = [fileURLToPath(new URL('../..', import.meta.url)), dirname(dirname(process.execPath))];
  const real = candidates.map((p) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  });
  return [...new Set(real.filter((p) => p.startsWith('/tmp/')))];
}

/**
 * The environment of PID 1 that describes the sandbox's filesystem view (see INIT).
 * Synchronous reads of the host (mountinfo, a few stat(2)s, and as a non-root user ~40
 * readdirs): well under a millisecond, before the keeper is spawned.
 */
function filesystemEnv(keep: readonly string[], root: boolean): NodeJS.ProcessEnv {
  const views = privateViews();
  const subdirectories = (path: string): string[] => {
    try {
      return readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      return [];
    }
  };
  const isLink = (path: string): boolean => {
    try {
      return lstatSync(path).isSymbolicLink();
    } catch {
      return false;
    }
  };
  const devices = DEVICES.filter((d) => existsSync(`/dev/${d}`));
  const prepared = stagingPreparation(views, !root, subdirectories, isLink, devices);
  const fstab = filesystemTable({
    mountinfo: readFileSync('/proc/self/mountinfo', 'utf8'),
    views,
    keepUnderTmp: keep,
    sysrqTrigger: existsSync('/proc/sysrq-trigger'),
    devices,
  });
  return {
    NSLAB_FSTAB: fstab, NSLAB_PREPARE: prepared.dirs.join('\n'), NSLAB_COPIES: prepared.copies.flat().join('\n'), NSLAB_FILES: prepared.files.join('\n'),
  };
}

/**
 * Capabilities the sandbox's processes lose when nslab is root (setpriv(1) --bounding-set;
 * capabilities(7)): what they control is the whole machine's, not a namespace's. Loading kernel
 * modules (`modprobe`: "Operation not permitted"), setting the clock, raw I/O ports, the kernel
 * log, device nodes (a block device node would reach the host's disks). Kept: CAP_SYS_ADMIN
 * (ip netns mounts), CAP_NET_*. In a user namespace they mean nothing on the host already.
 */
export const DROPPED_CAPABILITIES = ['sys_module', 'sys_time', 'sys_rawio', 'syslog', 'mknod', 'wake_alarm', 'sys_boot'];

const BOUNDING_SET = DROPPED_CAPABILITIES.map((c) => `-${c}`).join(',');

/** The sandbox's private tmpfs for the output of background commands (see INIT). */
const SANDBOX_LOG_DIR = '/run/nslab';

/** Options of {@link openPrivateSandbox}. */
export interface PrivateSandboxOptions {
  /** More host directories under /tmp to keep visible inside (absolute paths); see keptUnderTmp. */
  keepUnderTmp?: readonly string[];
  /**
   * Gives the opening up when it fires before the sandbox is open (Ctrl-C while PID 1 is still
   * mounting: a slow host, a hung mount): the keeper is SIGKILLed, --kill-child takes PID 1 and
   * the namespaces with it, and the promise rejects with InterruptedError. Ignored once open.
   */
  signal?: AbortSignal;
}

/**
 * Opens a private sandbox.
 * @returns a Sandbox of kind 'private'; its exec and shells run inside the namespaces.
 * @throws EnvironmentError when the namespaces cannot be made: not root and no unprivileged
 *   user namespaces (EPERM from unshare(2)), or util-linux/iproute2 missing; and, before
 *   anything starts, when root in a container lacks a capability nslab needs (the flag to add).
 * @throws InterruptedError when `options.signal` fired before the sandbox was open; nothing of
 *   it is left running.
 */
export async function openPrivateSandbox(options: PrivateSandboxOptions = {}): Promise<Sandbox> {
  assertContainerCapabilities();
  const keep = [...new Set([...keptUnderTmp(), ...(options.keepUnderTmp ?? [])])];
  const root = process.getuid?.() === 0;
  const keeper = spawn(
    'setpriv',
    [
      '--pdeathsig', 'KILL',
      ...(root ? ['--bounding-set', BOUNDING_SET] : []),
      'unshare', ...(root ? [] : ['--user', '--map-root-user']),
      // UTS and IPC too: `hostname R` inside names the sandbox, not the machine.
      '--net', '--mount', '--pid', '--uts', '--ipc', '--fork', '--kill-child', '--mount-proc',
      // --norc: no ~/.bashrc in PID 1, even when bash takes itself for one started by sshd (above).
      'bash', '--noprofile', '--norc', '-c', INIT,
    ],
    // Its own process group: Ctrl-C at the terminal reaches nslab alone, which then stops the
    // running command and still runs cleanup inside the sandbox before closing it.
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...commandEnv(), ...filesystemEnv(keep, root) }, detached: true },
  );
  keeper.stdin.on('error', () => {}); // EPIPE if it died: seen through 'exit'
  const init = await waitForInit(keeper, options.signal);
  // nsenter's processes are nslab's children, not PID 1's: they lose the same capabilities.
  const prefix = [
    ...(root ? ['setpriv', '--bounding-set', BOUNDING_SET] : []),
    'nsenter', '--target', String(init), ...(root ? [] : ['--user', '--preserve-credentials']),
    '--net', '--mount', '--pid', '--uts', '--ipc', '--',
  ];
  const shells = new Set<ShellSession>();
  // Checks and cleanup start their processes from a bash already inside the namespaces.
  const probe = createProbeExec([...prefix, 'bash', '--noprofile', '--norc'], true);
  // Every run reads state (checks, services, cleanup): the probe starts while the caller opens
  // the scenario's shell, not later inside the first step's checks.
  probe.warm();
  const exited = new Promise<void>((resolve) => {
    if (keeper.exitCode !== null || keeper.signalCode !== null) resolve();
    else keeper.on('exit', () => resolve());
  });
  // ovs-vsctl's error messages point at the log directory: here the sandbox's own
  // (startOpenVswitch logs to /run/openvswitch), not /var/log/openvswitch. SANDBOX_ENV tells a
  // command (`nslab check`) whose namespaces it sees.
  // `cd` inside, not nsenter --wd: nsenter opens that directory before entering the mount
  // namespace, which would be the host's /tmp.
  const startShell = (): Promise<ShellSession> =>
    openShellSession([...prefix, 'env', 'OVS_LOGDIR=/run/openvswitch', `${SANDBOX_ENV}=private`, 'bash', '--noprofile', '--norc', '-c', 'cd /tmp && exec bash --noprofile --norc'], {
      viaFork: true,
      logDir: SANDBOX_LOG_DIR,
    });
  // The first shell starts with the sandbox (every run opens one), so that its nsenter and bash
  // overlap what the caller does meanwhile: the scenario's services, its `requires`.
  // It holds no state yet: the first openShell() takes it as new. Handled here so that a shell
  // that cannot start is not an unhandled rejection; openShell() reports it.
  let spare: Promise<ShellSession> | undefined = startShell();
  spare.catch(() => {});
  let closing: Promise<void> | undefined;
  const shutDown = async (): Promise<void> => {
    const unused = spare;
    spare = undefined;
    // The shells and the probes end side by side: each close waits for its processes to exit.
    await Promise.all([
      unused?.then((s) => s.close().catch(() => {}), () => {}),
      ...[...shells].map((s) => s.close().catch(() => {})),
      probe.close(),
    ]);
    // PID 1's `read` sees end of input; it exits and takes the namespace down. destroy(), not
    // just end(): end() only half-closes the socketpair once Node gets round to it.
    keeper.stdin.destroy();
    const gone = await settleWithin(exited, 1000);
    if (!gone) {
      keeper.kill('SIGKILL'); // --kill-child then SIGKILLs PID 1
      await exited;
    }
    // The keeper has exited, but the kernel may still be tearing the PID namespace down, and
    // until then its stdout pipe stays open (tens of ms): nothing is left to read, so let go
    // rather than keep nslab alive for it.
    keeper.stdout.destroy();
    keeper.stderr.destroy();
    keeper.unref();
  };
  return {
    kind: 'private',
    exec: probe.exec,
    enter: prefix,
    root: `/proc/${init}/root`,
    async openShell() {
      const next = spare ?? startShell();
      spare = undefined;
      const shell = await next;
      shells.add(shell);
      return shell;
    },
    close() {
      closing ??= shutDown().catch(() => {});
      return closing;
    },
  };
}

/**
 * Waits for INIT's READY line, then reads PID 1's host pid (the only child of unshare).
 * @param signal gives the wait up (see PrivateSandboxOptions.signal)
 * @throws EnvironmentError with advice matched to unshare's error.
 * @throws InterruptedError when `signal` fired first: the keeper is killed and has exited.
 */
async function waitForInit(keeper: ChildProcessWithoutNullStreams, signal?: AbortSignal): Promise<number> {
  let stderr = '';
  keeper.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => keeper.on('exit', () => resolve()));
  let onAbort = (): void => {};
  const outcome = await new Promise<'ready' | 'failed' | 'aborted'>((resolve) => {
    let stdout = '';
    keeper.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('READY\n')) resolve('ready');
    });
    keeper.on('error', () => resolve('failed'));
    keeper.on('exit', () => resolve('failed'));
    onAbort = () => resolve('aborted');
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  signal?.removeEventListener('abort', onAbort);
  const unsharePid = keeper.pid ?? -1; // setpriv exec'd unshare: same pid
  const init = outcome === 'ready' ? childPids(unsharePid)[0] : undefined;
  if (init !== undefined) return init;
  keeper.kill('SIGKILL');
  if (outcome !== 'aborted') throw new EnvironmentError(explainFailure(stderr, keeper.pid === undefined));
  // unshare's SIGKILL reaches PID 1 through --kill-child, and with it the PID namespace goes.
  // Its pipes may stay open while the kernel tears the namespace down: let go of them, or they
  // would keep nslab alive after the interrupt.
  if (keeper.pid !== undefined && keeper.exitCode === null && keeper.signalCode === null) await exited;
  keeper.stdout.destroy();
  keeper.stderr.destroy();
  keeper.stdin.destroy();
  throw new InterruptedError('the sandbox was given up while it was opening');
}

function explainFailure(stderr: string, notStarted: boolean): string {
  if (notStarted) {
    return 'nslab needs setpriv and unshare (Debian package util-linux) to make its sandbox: install it with `apt-get install util-linux`.';
  }
  // EPERM: no privilege; ENOSPC: user namespaces disabled by user.max_user_namespaces=0 — unshare(2).
  if (/Operation not permitted|Permission denied|No space left on device/.test(stderr)) {
    return (
      'nslab could not create its private network namespaces (' + lastLine(stderr) + '). ' +
      'Run it as root (with sudo), or enable unprivileged user namespaces: ' +
      '`sysctl kernel.unprivileged_userns_clone=1` (Debian) or `sysctl user.max_user_namespaces=15000`.'
    );
  }
  return `nslab could not create its private sandbox: ${stderr.trim() || 'unshare exited at once'}`;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}
