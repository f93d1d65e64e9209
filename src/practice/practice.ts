/**
 * `nslab practice`: a fresh private sandbox (with the scenario's services), the introduction
 * and step 1, then an interactive bash inside the sandbox on the student's own terminal. The
 * shell asks this process, over the control channel, to check the current step after every
 * command, and for `status`, `hint`, `why`, `next`, `solve`, `check`, `topo`, `changes` and
 * `restart`. Exiting the shell ends the sandbox; `restart` starts over in a fresh one. A
 * session can resume at a later step: the steps before it are fast-forwarded first.
 *
 * The shell is `nsenter ... bash --rcfile RC -i` spawned with the terminal inherited: nslab hands
 * the terminal over rather than relaying it, so no pty module is needed. Interactive bash puts
 * itself in its own process group and takes the terminal's foreground (job control), so Ctrl-C
 * reaches the student's command, not nslab.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isatty } from 'node:tty';
import type { WhyOptions } from '../diagnose/types.js';
import type { Scenario } from '../scenario/model.js';
import { commandEnv } from '../util/child-process.js';
import type { Sandbox } from '../sandbox/types.js';
import { assertProgramsInstalled } from '../run/find-missing-programs.js';
import { assertKernelFeatures } from '../kernel/missing-features.js';
import { openSandbox } from '../run/run-scenario.js';
import type { SessionOutcome } from '../verify/outcome.js';
import { openControlChannel, type ControlRequest, type ReplyWriter } from './control-channel.js';
import type { PracticeEvent } from './events.js';
import { PracticeSession } from './practice-session.js';
import { readShellVariablesFile, VARIABLES_FILE } from '../run/variables-file.js';
import { LAST_COMMAND_FILE, practiceRcFile } from './rcfile.js';
import { variablesOfChecks } from '../run/read-session-variables.js';
import { checksOf } from '../run/run-step.js';
import { InterruptedError } from '../util/errors.js';

/** The channel's directory inside the sandbox: its private tmpfs, gone with it. */
export const CHANNEL_DIR = '/run/nslab/practice';

/** How to practise. */
export interface PracticeOptions {
  /**
   * Renders an event as text (lines ending in `\n`). During a request the text goes to the
   * student's shell, which prints it; otherwise to `write`.
   */
  render: (event: PracticeEvent) => string;
  /** The terminal, for what is shown outside the shell (introduction, summary). */
  write: (text: string) => void;
  /** Abort (SIGTERM, SIGHUP) to end the shell and the sandbox. */
  signal?: AbortSignal;
  /**
   * Runs the student's side in place of the interactive shell (tests, the benchmark): gets the
   * sandbox and the argv of a bash inside it that has read the rc file, resolves when done.
   * Default: the interactive shell on this terminal.
   */
  shell?: (sandbox: Sandbox, bashArgv: string[]) => Promise<void>;
  /**
   * Resume at this step number (from the progress store): the steps before it are
   * fast-forwarded in the fresh sandbox, as `run --from` does. Default 1. A `restart` starts
   * at step 1 again.
   */
  resumeAt?: number;
  /**
   * Called with the session once it has begun (its first step shown), and again after each of
   * the shell's requests was answered (after every command, `hint`, `solve`...): a view that
   * shows the session's state (`nslab serve`'s page) reads it then. A `restart` gives a new
   * session. Must not throw.
   */
  onState?: (session: PracticeSession) => void;
}

/**
 * The interactive shell on this terminal: the student's until they exit it.
 * @returns true when it ended by a hangup (SIGHUP: the terminal closed, or nslab was
 *   interrupted), not by `exit`: a closed terminal hangs up the foreground process group, the
 *   shell's, so nslab itself may never get a signal
 */
function interactiveShell(sandbox: Sandbox, bashArgv: string[], signal?: AbortSignal): Promise<boolean> {
  const argv = [...sandbox.enter!, ...bashArgv];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit', env: commandEnv() });
  const onAbort = () => child.kill('SIGHUP');
  signal?.addEventListener('abort', onAbort, { once: true });
  return new Promise((resolve) => {
    child.on('error', () => resolve(false));
    child.on('close', (code, killedBy) => {
      signal?.removeEventListener('abort', onAbort);
      // bash re-raises SIGHUP on itself (bash(1), SIGNALS); through nsenter that is exit 128 + 1.
      // It may also see the end of its input first and exit 0, as after Ctrl-D: then only the
      // terminal tells, since a hung-up tty fails every ioctl with EIO (tty_io.c), and so isatty(3).
      resolve(killedBy === 'SIGHUP' || code === 129 || !isatty(0));
    });
  });
}

/**
 * The student's last command, as the prompt wrote it to the channel's directory (`fc -ln -1`:
 * bash's history entry, each line indented by a tab): undefined when there is none.
 */
function readLastCommand(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').replace(/^\t ?/gm, '').trim();
  } catch {
    return undefined;
  }
}

const WHY_USAGE = 'usage: why SRC DST [--tcp PORT] [--size BYTES] [-4|-6] (SRC a namespace or host; DST an address or a namespace)';

/**
 * The words after `why` in the practice shell, as `nslab why` takes them.
 * @returns the request, or the usage message for words it does not take
 */
export function parseWhyArgs(args: readonly string[]): { src: string; dst: string; options: WhyOptions } | string {
  const positional: string[] = [];
  const options: WhyOptions = {};
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === '-4' || word === '-6' || word === '--ipv4' || word === '--ipv6') {
      options.family = word.endsWith('6') ? 6 : 4;
      continue;
    }
    if (word !== '--tcp' && word !== '--size') {
      positional.push(word);
      continue;
    }
    const value = Number(args[++i]);
    if (!Number.isInteger(value) || value < (word === '--tcp' ? 1 : 0) || value > 65535) return `${word} takes a whole number (${word === '--tcp' ? 'a port, 1-65535' : 'ICMP data bytes, as ping -s'}); ${WHY_USAGE}`;
    if (word === '--tcp') options.tcpPort = value;
    else options.size = value;
  }
  if (positional.length !== 2) return WHY_USAGE;
  return { src: positional[0]!, dst: positional[1]!, options };
}

/** Answers one request of the shell by calling the session. */
async function dispatch(session: PracticeSession, { words }: ControlRequest, emit: (e: PracticeEvent) => void): Promise<void> {
  const [command, ...args] = words;
  switch (command) {
    case 'verify':
      return session.afterCommand(args[0] ?? '', args.slice(1).map(Number).filter(Number.isInteger));
    case 'status':
      return session.status();
    case 'hint':
      return session.hint();
    case 'next':
      return session.next();
    case 'solve':
      return session.solve();
    case 'check':
      return session.check();
    case 'topo':
      return session.topo();
    case 'changes':
      return session.changes();
    case 'restart':
      session.restartRequested = true;
      return emit({ kind: 'restarting' });
    case 'why': {
      const request = parseWhyArgs(args);
      if (typeof request === 'string') return emit({ kind: 'usage', message: request });
      const [{ why }, { withExitedServer }] = await Promise.all([import('../diagnose/why.js'), import('../diagnose/tcp-cause.js')]);
      try {
        const found = await why(session.context.exec, request.src, request.dst, undefined, request.options);
        // A refusal by a server `solve` started and that died since: that server is the cause.
        const result = found.finding?.cause === 'tcp-refused' ? withExitedServer(found, await session.exitedServers()) : found;
        session.recordDiagnosis(result);
        return emit({ kind: 'why', result });
      } catch (error) {
        return emit({ kind: 'why', error: (error as Error).message });
      }
    }
    default:
      return emit({ kind: 'usage', message: `nslab does not know "${command ?? ''}"` });
  }
}

/** One sandbox's session: set up, the shell, torn down. Returns the session at its end. */
async function practiceOnce(scenario: Scenario, options: PracticeOptions, restarted: boolean): Promise<PracticeSession> {
  const sandbox = await openSandbox(scenario, false, undefined, options.signal);
  // An interrupt that came while the sandbox finished opening: no shell for nobody.
  if (options.signal?.aborted) {
    await sandbox.close();
    throw new InterruptedError('interrupted before the practice shell started');
  }
  const { render } = options;
  let reply: ReplyWriter | undefined;
  /** Text of the reply's last line, not ended yet: `solve` shows `$ command` before its output. */
  let partial = '';
  const emit = (event: PracticeEvent) => {
    const text = render(event);
    if (!reply) return options.write(text);
    partial += text;
    const cut = partial.lastIndexOf('\n');
    if (cut < 0) return;
    reply.line(partial.slice(0, cut));
    partial = partial.slice(cut + 1);
  };
  try {
    const shell = await sandbox.openShell();
    const hostDir = `${sandbox.root!}${CHANNEL_DIR}`;
    const lastCommand = () => readLastCommand(join(hostDir, LAST_COMMAND_FILE));
    const variables = variablesOfChecks(scenario.steps.flatMap(checksOf));
    const studentVariables = () => readShellVariablesFile(join(hostDir, VARIABLES_FILE), variables);
    const session = new PracticeSession(scenario, { exec: sandbox.exec, shell, lastCommand, studentVariables }, emit);
    await session.begin(restarted, restarted ? 1 : options.resumeAt);
    options.onState?.(session);
    const channel = openControlChannel(hostDir, async (request, writer) => {
      reply = writer;
      try {
        await dispatch(session, request, emit);
      } finally {
        if (partial) writer.line(partial);
        partial = '';
        reply = undefined;
        writer.end(session.prompt);
        options.onState?.(session);
      }
    });
    try {
      const rc = `${CHANNEL_DIR}/rc.bash`;
      writeFileSync(`${sandbox.root!}${rc}`, practiceRcFile(CHANNEL_DIR, basename(scenario.file, '.md'), session.prompt, variables));
      const bashArgv = ['bash', '--noprofile', '--norc', '-c', `cd /tmp && exec bash --rcfile ${rc} -i`];
      if (options.shell) await options.shell(sandbox, bashArgv);
      else session.hungUp = await interactiveShell(sandbox, bashArgv, options.signal);
    } finally {
      channel.close();
    }
    if (!session.restartRequested) await session.conclude();
    return session;
  } finally {
    await sandbox.close();
  }
}

/**
 * Practises a scenario (see the module comment) until the student exits the shell.
 * @returns the last session's outcome (after `restart`, the fresh session's), also rendered
 *   as an `end` event
 * @throws EnvironmentError when a program is missing, the sandbox cannot be made or a service
 *   cannot start
 * @throws InterruptedError when `options.signal` fired before the shell started (nothing of
 *   the sandbox is left)
 */
export async function practice(scenario: Scenario, options: PracticeOptions): Promise<SessionOutcome> {
  await assertProgramsInstalled(scenario, false);
  assertKernelFeatures(scenario.file, scenario.meta.kernel);
  for (let restarted = false; ; restarted = true) {
    const session = await practiceOnce(scenario, options, restarted);
    if (session.restartRequested && !options.signal?.aborted && !session.hungUp) continue;
    const outcome = session.outcome();
    // After a hangup the terminal is gone: there is nobody to show the summary to.
    if (!outcome.hungUp) options.write(options.render({ kind: 'end', outcome }));
    return outcome;
  }
}
