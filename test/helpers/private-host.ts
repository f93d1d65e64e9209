/**
 * A stand-in host for `--host` tests: new network and mount namespaces with private tmpfs on
 * /run/netns, /run/openvswitch and /run/nslab (where `--host` runs keep their records), held by
 * a keeper process. nslab started in it (nsenter, no
 * PID namespace: its pid is a host pid, as a real `--host` run's) sees it as the host, with
 * real namespaces, veth pairs and bridges, while this machine's own network — watched by other
 * tests — never changes. Everything in it goes when it is closed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type CliRun } from './run-cli.js';

const INIT = [
  'mkdir -p /run/netns /run/openvswitch /run/nslab',
  'mount -t tmpfs nslab-host-netns /run/netns',
  'mount -t tmpfs nslab-host-ovs /run/openvswitch',
  // As /run/nslab on a host where nslab made it: root's, 0755 (nslab makes host-runs in it).
  'mount -t tmpfs -o mode=0755 nslab-host-run /run/nslab',
  'echo READY',
  'read -r _',
].join(' && ');

/** A running nslab in the private host. */
export interface HostChild {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (null after a kill by signal) and both streams. */
  done: Promise<CliRun>;
}

/** The stand-in host. */
export interface PrivateHost {
  /** Starts `node bin/nslab ...args` in it, from the repository root, NO_COLOR set. */
  nslab(args: string[], env?: NodeJS.ProcessEnv): HostChild;
  /** Runs a bash script in it; resolves with its stdout, throws when it fails. */
  sh(script: string): Promise<string>;
  /**
   * A path as the stand-in host sees it, for this process's fs calls: `/proc/KEEPER/root` +
   * path, which resolves in the keeper's mount namespace (proc(5), /proc/pid/root).
   */
  path(path: string): string;
  /** Kills every process left in it, then ends the keeper: its namespaces go. */
  close(): Promise<void>;
}

function start(argv: string[], env: NodeJS.ProcessEnv = {}): HostChild {
  const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

/** Opens a stand-in host (needs root). */
export async function openPrivateHost(): Promise<PrivateHost> {
  const keeper = spawn('unshare', ['--net', '--mount', 'sh', '-c', INIT], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    keeper.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve());
    keeper.on('exit', (code) => reject(new Error(`the private host did not start (exit ${code})`)));
  });
  const netns = readlinkSync(`/proc/${keeper.pid}/ns/net`);
  const enter = ['nsenter', '--target', String(keeper.pid), '--net', '--mount', `--wd=${ROOT}`, '--'];
  return {
    nslab: (args, env) => start([...enter, process.execPath, join(ROOT, 'bin/nslab'), ...args], env),
    path: (path) => `/proc/${keeper.pid}/root${path}`,
    async sh(script) {
      const run = await start([...enter, 'bash', '-ec', script]).done;
      if (run.code !== 0) throw new Error(`script failed (${run.code}): ${script}\n${run.stderr}`);
      return run.stdout;
    },
    async close() {
      // Whatever is still running in this namespace (what a test's own `setsid` or a failed
      // assertion left): the namespaces go only with their last process.
      for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number)) {
        if (pid === keeper.pid) continue;
        try {
          if (readlinkSync(`/proc/${pid}/ns/net`) === netns) process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile, or a kernel thread
        }
      }
      const exited = new Promise((resolve) => keeper.on('exit', resolve));
      keeper.stdin.end();
      await exited;
    },
  };
}
