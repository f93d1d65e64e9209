/**
 * The run's `background` commands: which step started each, and those that ended by
 * themselves, as the facts the checks and the diagnosis name a dead server by (ExitedServer).
 * One per run (or practice session), shared by its steps.
 */
import { isIPv4 } from 'node:net';
import type { ExitedServer } from '../diagnose/types.js';
import { ipArguments, programsOf } from '../shell/invocations.js';
import { SHELL_BUILTINS } from '../shell/shell-builtins.js';
import { tokenizeShell, type WordToken } from '../shell/shell-tokens.js';
import type { BackgroundExit } from '../sandbox/types.js';

/** `nsenter --net=/run/netns/NS` (or `/var/run/netns/NS`, or `-n/run/netns/NS`): nsenter(1). */
const NSENTER_NET = /^(?:--net=|-n)(?:\/var)?\/run\/netns\/([^/]+)$/;

/**
 * The namespace a command runs in, from its words: `ip [OPTIONS] netns exec NS ...` or
 * `nsenter --net=/run/netns/NS ...`; undefined (the root namespace) when neither is there;
 * `unknown` when the name is only known at run time (`$NS`), `ip -all netns exec`, or nsenter
 * enters another kind of file (`--net=/proc/PID/ns/net`).
 */
export function namespaceOfCommand(words: readonly WordToken[]): ExitedServer['ns'] {
  for (const [i, word] of words.entries()) {
    if (word.text === 'ip') {
      const { all, rest } = ipArguments(words.slice(i + 1));
      if (rest[0]?.text !== 'netns' || rest[1]?.text !== 'exec') continue;
      const name = rest[2];
      return all || !name || name.dynamic ? 'unknown' : name.text;
    }
    if (word.text.startsWith('--net=') || /^-n\//.test(word.text)) {
      const m = NSENTER_NET.exec(word.text);
      return m && !word.dynamic ? m[1]! : 'unknown';
    }
  }
  return undefined;
}

/**
 * The port numbers a command's words name as its own: numbers on their own or after `:`, `,`
 * or `=` (`TCP-LISTEN:8080`, `-p 8080`, `http.server 8080`, `bind=10.0.2.2:8080`... as a local
 * port), not one after another host's address (`TCP:10.0.2.2:80`, where socat connects to).
 */
export function portsOfCommand(words: readonly WordToken[]): number[] {
  const ports = new Set<number>();
  for (const word of words) {
    if (word.dynamic) continue;
    const parts = word.text.split(/[:,=]/);
    for (const [i, part] of parts.entries()) {
      if (!/^\d{1,5}$/.test(part) || Number(part) < 1 || Number(part) > 65535) continue;
      const before = parts[i - 1];
      // `bind=ADDR:PORT` binds locally; `TCP:ADDR:PORT` and the like connect elsewhere.
      if (before !== undefined && isIPv4(before) && parts[i - 2] !== 'bind') continue;
      ports.add(Number(part));
    }
  }
  return [...ports];
}

/** The program a command runs as its server: the first that is neither a shell builtin nor `ip netns exec`. */
function programOfCommand(command: string): string | undefined {
  const ran = programsOf(command).invocations.filter((inv) => {
    if (SHELL_BUILTINS.has(inv.program)) return false;
    if (inv.program !== 'ip') return true;
    const { rest } = ipArguments(inv.args);
    return !(rest[0]?.text === 'netns' && rest[1]?.text === 'exec');
  });
  return ran[0]?.program;
}

/** The run's `background` commands, started and ended. */
export class BackgroundLedger {
  private readonly running: Array<{ command: string; step: number }> = [];
  private readonly ended: ExitedServer[] = [];

  /** Notes that step `step` started `command` in the background. */
  start(command: string, step: number): void {
    this.running.push({ command, step });
  }

  /**
   * Records a `background` command that ended by itself.
   * @param step the step running when the end was seen: the starting step when the command's
   *   start was not noted (it always is in a run)
   * @returns the facts about it, also kept for {@link exited}
   */
  exit(exit: BackgroundExit, step: number): ExitedServer {
    const at = this.running.findIndex((r) => r.command === exit.command);
    const started = at >= 0 ? this.running.splice(at, 1)[0]!.step : step;
    const words = tokenizeShell(exit.command).filter((t): t is WordToken => t.type === 'word');
    const program = programOfCommand(exit.command);
    const server: ExitedServer = {
      command: exit.command,
      step: started,
      ns: namespaceOfCommand(words),
      ...(program !== undefined && { program }),
      ports: portsOfCommand(words),
      exitCode: exit.exitCode,
      output: exit.output,
    };
    this.ended.push(server);
    return server;
  }

  /** The `background` commands that ended by themselves so far, in the order they were seen to. */
  get exited(): readonly ExitedServer[] {
    return this.ended;
  }
}
