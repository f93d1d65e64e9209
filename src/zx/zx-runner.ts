/**
 * The zx runner: the entry of dist/bundle/zx-runner.cjs, a bundle of its own with zx inside, run
 * as `node zx-runner.cjs ROLE FIRST_LINE SCRIPT` inside the scenario's sandbox (a step block from
 * the shell session, a check block as a fresh process). Only this file imports zx, so a run
 * without zx blocks never loads it (docs/performance.md, "Costs behind the code").
 *
 * The script sees zx's `$`, `within`, `retry`, `sleep`, `fs`, `path`, `echo`, `quote`, `os`,
 * and nslab's `ns(NAME)` (a `$` whose commands run in network namespace NAME) and
 * `fail(SENTENCE)` (the check does not hold; the sentence is what it found).
 *
 * A step script runs verbose (each command and its output shown, as in a terminal); when it
 * fails, the last lines say which command failed with what status and stderr, and the runner
 * exits with that command's status (1 for any other error). A check script runs quiet; its
 * verdict is one line on stdout (protocol.ts), and the runner exits 0 unless it crashed.
 *
 * Either way the runner waits, after the script's end, for every command it started: one that
 * failed where the script never looked at its outcome (no `await`) fails the block as an awaited
 * one would, named `(not awaited)`; a script that meant it writes `.nothrow()`.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { $, echo, fs, log, os, path, ProcessOutput, quote, retry, sleep, within, type Shell } from 'zx';
import { SCRIPT_ERROR_STATUS, VERDICT_MARK, type ScriptRole, type ScriptVerdict } from './protocol.js';
import { lineOffsetOf, SCRIPT_GLOBALS, wrapScript } from './script-source.js';

/** Thrown by `fail(...)`: the check does not hold, and why. */
class CheckFailure extends Error {}

/** Where a failed command ran: its text and namespace, by the ProcessOutput it rejected with. */
const failedCommands = new WeakMap<ProcessOutput, { cmd: string; namespace?: string }>();

/** A command the script started, and whether the script ever looked at how it ended. */
interface Started {
  /** Settles (never rejects) when the command has ended. */
  ended: Promise<void>;
  /** Its failure, once it has failed. */
  failure?: ProcessOutput;
  /** True once the script awaited it, chained on it (`.then`, `.catch`, `.json()`...) or killed it. */
  seen: boolean;
}

/** Every command the script started, in start order. */
const started: Started[] = [];

/**
 * Marks a command as seen by the script when it asks for its outcome: `await` and `.catch`
 * call `then` (a ProcessPromise is no plain Promise, so `await` looks `then` up), `.json()` and
 * `.exitCode` too; `kill()`/`abort()` mean its end is the script's own doing. zx's own
 * `super.then` calls bypass this.
 */
function watch(promise: Promise<unknown>, entry: Started): void {
  for (const method of ['then', 'kill', 'abort'] as const) {
    const own = (promise as unknown as Record<string, unknown>)[method];
    if (typeof own !== 'function') continue;
    Object.defineProperty(promise, method, {
      configurable: true,
      writable: true,
      value(this: unknown, ...args: unknown[]) {
        entry.seen = true;
        return Reflect.apply(own, this, args) as unknown;
      },
    });
  }
}

/**
 * A `$` that remembers each command it starts (so that the runner can wait for it, and name one
 * that failed where the script never looked), and for each that fails its text and namespace
 * (zx's ProcessOutput carries neither). Options calls (`$({nothrow: true})`) give tracked shells
 * too; properties (`$.verbose`) pass through.
 */
function tracked(shell: Shell, namespace?: string): Shell {
  return new Proxy(shell, {
    apply(target, self, args: unknown[]) {
      const result: unknown = Reflect.apply(target as never, self, args);
      const first = args[0];
      if (Array.isArray(first) && 'raw' in first && result instanceof Promise) {
        const cmd = (result as { cmd?: string }).cmd ?? '';
        const entry: Started = { ended: Promise.resolve(), seen: false };
        // Promise.prototype.then, not the instance's: a side branch that neither marks the
        // command as seen nor handles the script's own rejection.
        entry.ended = Promise.prototype.then.call(result, undefined, (error: unknown) => {
          if (!(error instanceof ProcessOutput)) return;
          failedCommands.set(error, { cmd, namespace });
          entry.failure = error;
        }) as Promise<void>;
        watch(result, entry);
        started.push(entry);
        return result;
      }
      return typeof result === 'function' ? tracked(result as Shell, namespace) : result;
    },
  });
}

/**
 * Waits for every command the script started (the block's limit bounds the wait: past it nslab
 * kills the runner's whole process tree), those started meanwhile included.
 * @returns the first, in start order, that failed without the script ever looking at its outcome
 *   (`` ns('A')`false` `` without `await`): its failure would otherwise be lost
 */
async function unseenFailure(): Promise<ProcessOutput | undefined> {
  for (let i = 0; i < started.length; i++) await started[i]!.ended;
  return started.find((s) => s.failure !== undefined && !s.seen)?.failure;
}

/**
 * A `$` whose commands run in network namespace `name` (`ip netns exec NAME bash -c CMD`,
 * ip-netns(8)): the whole command, pipes included, runs there. The command reaches the inner
 * bash through a quoted heredoc, so it is not quoted a second time; zx shows and reports the
 * command as written, after the namespace's name.
 */
function ns(name: string): Shell {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name)) throw new TypeError(`ns() takes a namespace name, got ${JSON.stringify(name)}`);
  const end = `NSLAB_NS_${randomBytes(6).toString('hex')}`;
  const shell = $({
    prefix: `${$.prefix ?? ''}exec ip netns exec ${quote(name)} bash -c "set -euo pipefail;$(cat <<'${end}'\n`,
    postfix: `\n${end}\n)"`,
    log: (entry) => {
      if (entry.kind === 'cmd' && entry.verbose) process.stderr.write(`${name} $ ${entry.cmd}\n`);
      else log(entry);
    },
  });
  return tracked(shell, name);
}

/** `fail(sentence)`: ends a check script as not holding; the sentence is what it found. */
function fail(sentence: unknown): never {
  throw new CheckFailure(String(sentence));
}

/**
 * `` `H1: ip -6 addr show dev eth0` exited with status 1: Device "eth0" does not exist. ``, with
 * ` (not awaited)` after the command for a failure {@link unseenFailure} found.
 */
function describeFailedCommand(output: ProcessOutput): string {
  const where = failedCommands.get(output);
  const unseen = started.some((s) => s.failure === output && !s.seen) ? ' (not awaited)' : '';
  const cmd = where ? `\`${where.namespace !== undefined ? `${where.namespace}: ` : ''}${where.cmd}\`` : 'a command';
  const status = output.exitCode !== null ? `exited with status ${output.exitCode}` : `was killed by ${output.signal ?? 'a signal'}`;
  const stderr = output.stderr.trim().split('\n').slice(-5).join(' / ');
  return `${cmd}${unseen} ${status}${stderr ? `: ${stderr}` : ' (nothing on stderr)'}`;
}

/** An error's message and its line in the Markdown file: `TypeError: x is not a function (line 42)`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `the script threw ${JSON.stringify(error)}`;
  const line = /\bzx:(\d+):\d+/.exec(error.stack ?? '')?.[1];
  return `${error.name}: ${error.message}${line !== undefined ? ` (line ${line})` : ''}`;
}

/** Runs the script; resolves with what it returned, rejects with what it threw. */
function runScript(script: string, firstLine: number): Promise<unknown> {
  const body = vm.compileFunction(wrapScript(script), [...SCRIPT_GLOBALS], { filename: 'zx', lineOffset: lineOffsetOf(firstLine) });
  const globals: Record<(typeof SCRIPT_GLOBALS)[number], unknown> = {
    $: tracked($), ns, fail, within, retry, sleep, fs, path, echo, quote, os,
    require: createRequire(path.join(process.cwd(), 'zx-block.cjs')),
  };
  return body(...SCRIPT_GLOBALS.map((name) => globals[name])) as Promise<unknown>;
}

/** Ends a check script's run with its verdict, once. */
let reported = false;
function reportVerdict(verdict: ScriptVerdict): void {
  if (reported) return;
  reported = true;
  process.stdout.write(`\n${VERDICT_MARK}${JSON.stringify(verdict)}\n`);
}

/** Ends a step script's run as failed: the last line says why, the exit status is the failed command's. */
function reportStepFailure(error: unknown): void {
  if (reported) return;
  reported = true;
  const failed = error instanceof ProcessOutput;
  const what = failed ? describeFailedCommand(error) : error instanceof CheckFailure ? `fail(): ${error.message}` : describeError(error);
  process.stderr.write(`✘ zx: ${what}\n`);
  process.exitCode = failed && error.exitCode !== null && error.exitCode > 0 && error.exitCode < 256 ? error.exitCode : SCRIPT_ERROR_STATUS;
}

/** A check's verdict for what the script threw. */
function failedVerdict(error: unknown): ScriptVerdict {
  const found = error instanceof CheckFailure ? error.message : error instanceof ProcessOutput ? describeFailedCommand(error) : describeError(error);
  return { passed: false, found };
}

async function main(): Promise<void> {
  const [role, firstLineText, script] = process.argv.slice(2) as [ScriptRole, string, string];
  $.verbose = role === 'step';
  // A promise the script left unawaited, or a callback, may throw after (or outside) its body.
  const onStray = (error: unknown): void => {
    if (role === 'check') reportVerdict(failedVerdict(error));
    else reportStepFailure(error);
    process.exit();
  };
  process.on('uncaughtException', onStray).on('unhandledRejection', onStray);
  try {
    const value = await runScript(script, Number(firstLineText));
    const lost = await unseenFailure();
    if (lost) throw lost;
    if (role === 'check') reportVerdict({ passed: true, found: typeof value === 'string' && value !== '' ? value : 'the script ran to its end without fail()' });
  } catch (error) {
    if (role === 'check') reportVerdict(failedVerdict(error));
    else reportStepFailure(error);
  }
}

void main();
