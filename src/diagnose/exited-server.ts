/**
 * A dead `background` server as the cause of what a check or `why --tcp` finds: the scenario
 * started it to serve a port (or to run a program) in a namespace, and it has exited. The
 * runner hands the facts in (ExitedServer); this module only matches them and says them.
 */
import type { ExitedServer, Ns } from './types.js';

/** How many of the output's last lines the sentence quotes. */
const TAIL_LINES = 2;

/**
 * The last server started in namespace `ns` that names `port` among its local ports, and has exited.
 * @param servers the run's exited `background` commands, in the order they were seen to end
 * @returns undefined when none matches (a server whose namespace is unknown never does)
 */
export function exitedServerOnPort(servers: readonly ExitedServer[], ns: Ns, port: number): ExitedServer | undefined {
  return servers.findLast((s) => s.ns === ns && s.ports.includes(port));
}

/**
 * The last exited server in namespace `ns` that ran program `name` (as `process NAME is
 * running` names one: a name with a blank is looked for in the command line).
 */
export function exitedServerNamed(servers: readonly ExitedServer[], ns: Ns, name: string): ExitedServer | undefined {
  const named = (s: ExitedServer): boolean => (/\s/.test(name) ? s.command.includes(name) : s.program === name);
  return servers.findLast((s) => s.ns === ns && named(s));
}

/**
 * The server and its end in words: "the background server `socat TCP-LISTEN:8080,bind=10.0.2.9
 * STDOUT` started in step 3 exited with status 1: 2024/05/01 socat[41] E bind(...): Cannot
 * assign requested address". The command's first line only; the last {@link TAIL_LINES}
 * non-blank lines of its output, or "(no output)".
 */
export function describeExitedServer(server: ExitedServer): string {
  const lines = server.command.split('\n');
  const command = lines[0]! + (lines.length > 1 ? ' ...' : '');
  const end = server.exitCode === null ? 'was killed' : `exited with status ${server.exitCode}`;
  const tail = server.output.split('\n').map((l) => l.trim()).filter((l) => l !== '').slice(-TAIL_LINES);
  return `the background server \`${command}\` started in step ${server.step} ${end}: ${tail.length > 0 ? tail.join(' / ') : '(no output)'}`;
}
