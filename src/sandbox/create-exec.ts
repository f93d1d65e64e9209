/**
 * The {@link Exec} of a sandbox: a fresh process per call, for checks and services.
 *
 * node:child_process rather than zx: zx runs every command through a shell, which costs a
 * second process per check and a quoting layer for an argv we already have; here the argv is
 * spawned as is (optionally behind an `nsenter ...` prefix).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { commandEnv } from '../util/child-process.js';
import { killTrees } from '../util/process-tree.js';
import { CappedOutput } from './capped-output.js';
import type { CommandResult, Exec } from './types.js';

/** Limit for one exec when the caller gives none: 30 s. */
export const DEFAULT_EXEC_TIMEOUT_MS = 30_000;

/**
 * Makes an Exec that spawns `[...prefix, ...argv]`.
 * @param prefix argv put in front of every command, e.g.
 *   `['nsenter', '--target', '1234', '--net', '--mount', '--pid', '--']`; empty for the host.
 * @returns an Exec: resolves with exit code, output (stdout and stderr in arrival order, capped
 *   at 1 MiB), `stdout` alone, `timedOut` and wall time in ms. Never rejects: a program that
 *   cannot be started gives exit code 127 and a one-line explanation. At the timeout (default
 *   {@link DEFAULT_EXEC_TIMEOUT_MS}) the command is SIGKILLed: on the host its whole process
 *   group (it is spawned detached, as leader of a new session and group); behind a prefix,
 *   every descendant of the prefix process (nsenter), which then exits by itself. Aborting
 *   `options.signal` does the same, and the result has `interrupted: true`.
 */
export function createExec(prefix: readonly string[]): Exec {
  return (argv, options = {}) =>
    new Promise<CommandResult>((resolve) => {
      const started = performance.now();
      const full = [...prefix, ...argv];
      const output = new CappedOutput();
      const stdout = new CappedOutput();
      let timedOut = false;
      let interrupted = false;
      let settled = false;
      const finish = (exitCode: number | null, extra = ''): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (extra) output.push(Buffer.from(extra));
        resolve({
          exitCode: timedOut || interrupted ? null : exitCode,
          output: output.text(),
          stdout: stdout.text(),
          timedOut,
          ...(interrupted && { interrupted }),
          durationMs: performance.now() - started,
        });
      };
      const child = spawn(full[0]!, full.slice(1), {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env: commandEnv(),
      });
      const stop = (): void => {
        if (prefix.length > 0) {
          // Spare nsenter itself: it must outlive its child to reap it. A child of a setns'd
          // process orphaned outside its PID namespace is re-parented to the host's init, and
          // the sandbox's PID 1 cannot finish exiting until that zombie is reaped
          // (zap_pid_ns_processes, kernel/pid_namespace.c).
          void killTrees([child.pid!], { includeRoots: false, graceMs: 0 });
          return;
        }
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // the group is already gone
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS);
      const onAbort = (): void => {
        interrupted = true;
        stop();
      };
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', (chunk: Buffer) => {
        output.push(chunk);
        stdout.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        finish(127, `nslab: cannot run ${full[0]}: ${error.code === 'ENOENT' ? 'command not found' : error.message}\n`);
      });
      // 'close' (not 'exit') so that all output has been read.
      child.on('close', (code, sig) => finish(code ?? (sig ? signalStatus(sig) : null)));
    });
}

/** Exit status as a shell reports a death by signal: 128 + signal number (bash(1), EXIT STATUS). */
function signalStatus(sig: NodeJS.Signals): number {
  return 128 + ((constants.signals as Partial<Record<NodeJS.Signals, number>>)[sig] ?? 0);
}
