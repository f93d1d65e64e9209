/**
 * `process NAME is [not] running` and `tcp|udp ADDR:PORT is [not] listening`: what runs and
 * what listens in a namespace, read from ps and ss (src/state/read-processes.ts,
 * read-sockets.ts). They say that a server is up, not that it can be reached: a connection
 * needs the address on an interface, a route and the firewall's consent too (`tcp ... accepts`).
 */
import { isIPv6 } from 'node:net';
import { describeExitedServer, exitedServerNamed, exitedServerOnPort } from '../diagnose/exited-server.js';
import type { ExitedServer } from '../diagnose/types.js';
import type { ListeningSocket } from '../state/read-sockets.js';
import type { ProcessInfo } from '../state/read-processes.js';
import { describePlace } from './describe-check.js';
import { failedRead, type CheckSession, type Evaluator } from './evaluate-context.js';
import type { Predicate } from './model.js';

/** How many processes or sockets a found text lists before "and N more". */
const LISTED = 8;

function listed<T>(items: readonly T[], text: (item: T) => string): string {
  const shown = items.slice(0, LISTED).map(text).join(', ');
  return items.length > LISTED ? `${shown} and ${items.length - LISTED} more` : shown;
}

/**
 * Whether a process is the one named: a name with a blank is looked for in the command line;
 * a program name must be the kernel's name for the process (cut to 15 characters, as
 * /proc/PID/comm is) or the last part of its argv[0].
 */
export function processIsNamed(p: ProcessInfo, name: string): boolean {
  if (/\s/.test(name)) return p.args.includes(name);
  const argv0 = p.args.split(' ')[0] ?? '';
  return p.comm === name || (name.length > 15 && p.comm === name.slice(0, 15)) || argv0.slice(argv0.lastIndexOf('/') + 1) === name;
}

/** `; ` and the dead server in words, when a check that wants it up fails and one was found. */
async function deadServer(session: CheckSession, find: (servers: readonly ExitedServer[]) => ExitedServer | undefined): Promise<string> {
  const server = find(await session.exitedServers());
  return server ? `; ${describeExitedServer(server)}` : '';
}

/**
 * `process NAME is running|is not running`; a zombie (ended, not reaped) does not run. A
 * failing `is running` names the scenario's `background` command of that program in that
 * namespace when it has exited.
 */
export const evaluateProcess: Evaluator<'process'> = async (p: Extract<Predicate, { kind: 'process' }>, ns, reader, session) => {
  const read = await reader.processes(ns);
  if (!read.ok) return failedRead(read);
  const running = read.value.filter((proc) => !proc.zombie);
  const place = describePlace(ns);
  const matching = running.filter((proc) => processIsNamed(proc, p.name));
  if (matching.length > 0) {
    return { passed: p.running, found: `${p.name} runs in ${place}: ${listed(matching, (m) => `pid ${m.pid} \`${m.args || m.comm}\``)}` };
  }
  const others = running.length === 0 ? `no process runs in ${place}` : `${place} runs ${listed(running, (m) => `${m.comm} (pid ${m.pid})`)}`;
  const died = p.running ? await deadServer(session, (all) => exitedServerNamed(all, ns, p.name)) : '';
  return { passed: !p.running, found: `no process ${JSON.stringify(p.name)} runs in ${place}; ${others}${died}` };
};

/**
 * Whether a socket listens on the address: the same, or bound to every address of its family
 * (`0.0.0.0` for IPv4, `::` for IPv6 only, `*` — IPv6 without IPV6_V6ONLY — for both).
 */
export function listensOn(socket: ListeningSocket, address: string): boolean {
  if (address === '*' || socket.address === '*' || socket.address === address) return true;
  return isIPv6(address) ? socket.address === '::' : socket.address === '0.0.0.0';
}

function socketText(s: ListeningSocket): string {
  const where = s.address === '*' ? '*' : s.address.includes(':') ? `[${s.address}]` : s.address;
  return `${where}${s.dev !== undefined ? `%${s.dev}` : ''}:${s.port}${s.users.length > 0 ? ` (${s.users.join(', ')})` : ''}`;
}

/** `tcp|udp ADDR:PORT is listening|is not listening`; a failing `is listening` names the dead `background` server of that port. */
export const evaluateListening: Evaluator<'listening'> = async (p: Extract<Predicate, { kind: 'listening' }>, ns, reader, session) => {
  const read = await reader.sockets(ns);
  if (!read.ok) return failedRead(read);
  const place = describePlace(ns);
  const ofProto = read.value.filter((s) => s.proto === p.proto);
  const verb = p.proto === 'tcp' ? 'listens' : 'is bound';
  const matching = ofProto.filter((s) => s.port === p.port && listensOn(s, p.address));
  if (matching.length > 0) return { passed: p.listening, found: `${p.proto} ${listed(matching, socketText)} ${verb} in ${place}` };
  const target = p.address === '*' ? `port ${p.port}` : `${p.address.includes(':') ? `[${p.address}]` : p.address}:${p.port}`;
  const others = ofProto.length === 0 ? `${place} has no ${p.proto === 'tcp' ? 'listening TCP' : 'bound UDP'} sockets` : `${p.proto} sockets there: ${listed(ofProto, socketText)}`;
  const died = p.listening ? await deadServer(session, (all) => exitedServerOnPort(all, ns, p.port)) : '';
  return { passed: !p.listening, found: `nothing ${verb === 'listens' ? 'listens' : 'is bound'} on ${p.proto} ${target} in ${place}; ${others}${died}` };
};
