/**
 * The private sandbox: new network, mount and PID namespaces (unshare(1)) that nothing on the
 * host sees, and that vanish with every process in them when nslab closes them or dies.
 *
 * A keeper process holds them: `setpriv --pdeathsig KILL unshare ... --fork --kill-child
 * --mount-proc bash -c INIT`. INIT (PID 1 of the new PID namespace) mounts private tmpfs on
 * /run/netns and /run/openvswitch, then blocks reading its stdin, a pipe from nslab. When
 * that pipe closes (close(), or nslab died), PID 1 exits, and the kernel kills every other
 * process of the PID namespace (pid_namespaces(7)): daemons and background servers cannot
 * outlive the sandbox. pdeathsig (on unshare) and --kill-child (on PID 1) cover a SIGKILLed
 * nslab. Commands enter with `nsenter --target PID1 --net --mount --pid`.
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
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentError, InterruptedError } from '../util/errors.js';
import { childPids } from '../util/process-tree.js';
import { settleWithin } from '../util/settle-within.js';
import { commandEnv } from './create-exec.js';
import { createProbeExec } from './probe-exec.js';
import { openShellSession } from './shell-session.js';
import type { Sandbox, ShellSession } from './types.js';

/**
 * The sandbox's own file systems (fstab(5) lines), mounted in this order: the namespace names,
 * Open vSwitch's sockets and the private /tmp on tmpfs; sysfs, which shows the network namespace
 * of whoever mounted it — without it /sys/class/net would list the host's interfaces and none of
 * the sandbox's (ip-netns(8) does the same).
 */
const TABLE = [
  'nslab-netns /run/netns tmpfs defaults 0 0',
  'nslab-ovs /run/openvswitch tmpfs defaults 0 0',
  'nslab-tmp /tmp tmpfs defaults 0 0',
  'nslab-sys /sys sysfs defaults 0 0',
];
const [NETNS, OVS, TMP, SYS] = TABLE;

/** One line of {@link TABLE} as its own mount(8) command. */
function mountCommand(line: string): string {
  const [source, target, type] = line.split(' ');
  return `mount -t ${type} ${source} ${target}`;
}

/**
 * PID 1 of the sandbox. `set -e`: a failed mount ends it before READY, with the error. The
 * mount points are made on the host if missing; without root (user namespace) that can fail,
 * and then a private tmpfs over all of /run provides them. /run/nslab holds the output of
 * `background` commands: on the sandbox's own tmpfs it vanishes with the sandbox, whereas a
 * /tmp/nslab-* directory on the host was left behind when nslab was SIGKILLed. /tmp is a
 * private tmpfs too, and the scenario's shell starts there: a capture (`tcpdump -w
 * /tmp/cap.pcap`) or a server's log is the scenario's own and vanishes with the sandbox.
 */
const INIT = [
  'set -e',
  // `[ -d ]` is a builtin: no mkdir process on a host that has the mount points already.
  'if ! { [ -d /run/netns ] && [ -d /run/openvswitch ] && [ -d /run/nslab ]; }; then if ! mkdir -p /run/netns /run/openvswitch /run/nslab 2>/dev/null; then mount -t tmpfs nslab-run /run; mkdir -p /run/netns /run/openvswitch /run/nslab; fi; fi',
  'mount -t tmpfs nslab-logs /run/nslab',
  "IFS=$'\\n' keep=($NSLAB_KEEP); unset IFS",
  // The rest in one mount(8) from a table (`mount -a -T`, mount(8); it reads a regular file, not
  // a pipe), rather than one process per file system: the sandbox's opening is on the critical
  // path of every run. Kept directories under /tmp need their binds in between: one by one then.
  'if [ ${#keep[@]} -eq 0 ]; then',
  `printf '%s\\n' ${TABLE.map((line) => `'${line}'`).join(' ')} > /run/nslab/sandbox.fstab`,
  'mount -a -T /run/nslab/sandbox.fstab',
  'else',
  mountCommand(NETNS!),
  mountCommand(OVS!),
  // nslab itself (and the node running it) may live under /tmp, e.g. a CI clone: keep those
  // directories visible through the private /tmp (bind-mounted aside, then back), so that
  // `nslab why` run inside works. NSLAB_KEEP: one absolute path per line.
  'i=0; for p in "${keep[@]}"; do mkdir -p /run/nslab/keep/$i; mount --bind "$p" /run/nslab/keep/$i; i=$((i+1)); done',
  mountCommand(TMP!),
  // A second bind, not `mount --move`: in a user namespace (nslab not root) the move fails.
  'i=0; for p in "${keep[@]}"; do mkdir -p "$p"; mount --bind /run/nslab/keep/$i "$p"; umount /run/nslab/keep/$i; i=$((i+1)); done; rm -rf /run/nslab/keep; unset i p',
  mountCommand(SYS!),
  'fi',
  'unset keep',
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
 *   user namespaces (EPERM from unshare(2)), or util-linux/iproute2 missing.
 * @throws InterruptedError when `options.signal` fired before the sandbox was open; nothing of
 *   it is left running.
 */
export async function openPrivateSandbox(options: PrivateSandboxOptions = {}): Promise<Sandbox> {
  const keep = [...new Set([...keptUnderTmp(), ...(options.keepUnderTmp ?? [])])];
  const root = process.getuid?.() === 0;
  const keeper = spawn(
    'setpriv',
    [
      '--pdeathsig', 'KILL',
      'unshare', ...(root ? [] : ['--user', '--map-root-user']),
      '--net', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc',
      // --norc: no ~/.bashrc in PID 1, even when bash takes itself for one started by sshd (above).
      'bash', '--noprofile', '--norc', '-c', INIT,
    ],
    // Its own process group: Ctrl-C at the terminal reaches nslab alone, which then stops the
    // running command and still runs cleanup inside the sandbox before closing it.
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...commandEnv(), NSLAB_KEEP: keep.join('\n') }, detached: true },
  );
  keeper.stdin.on('error', () => {}); // EPIPE if it died: seen through 'exit'
  const init = await waitForInit(keeper, options.signal);
  const prefix = [
    'nsenter', '--target', String(init), ...(root ? [] : ['--user', '--preserve-credentials']),
    '--net', '--mount', '--pid', '--',
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
  // (startOpenVswitch logs to /run/openvswitch), not /var/log/openvswitch.
  // `cd` inside, not nsenter --wd: nsenter opens that directory before entering the mount
  // namespace, which would be the host's /tmp.
  const startShell = (): Promise<ShellSession> =>
    openShellSession([...prefix, 'env', 'OVS_LOGDIR=/run/openvswitch', 'bash', '--noprofile', '--norc', '-c', 'cd /tmp && exec bash --noprofile --norc'], {
      viaFork: true,
      logDir: SANDBOX_LOG_DIR,
    });
  // The first shell starts with the sandbox (every run opens one), so that its nsenter and bash
  // (~15 ms) overlap what the caller does meanwhile: the scenario's services, its `requires`.
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
    // until then its stdout pipe stays open (~50 ms here): nothing is left to read, so let go
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
