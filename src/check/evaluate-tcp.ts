/**
 * `tcp ADDR:PORT accepts|refuses`: one connection attempt from the check's namespace (bash's
 * /dev/tcp under a 2 s timeout, src/state/try-tcp-connect.ts). `accepts` holds when the
 * handshake completes; `refuses` when it does not — a RST (nothing listens, or a firewall's
 * reject), an ICMP error or no answer at all — and found says which.
 */
import { isIP } from 'node:net';
import { failureOf } from '../state/run-ip.js';
import type { StateReader } from '../state/state-reader.js';
import { tryTcpConnect, type TcpAttempt } from '../state/try-tcp-connect.js';
import { failedRead, type CheckSession, type Evaluator } from './evaluate-context.js';

/**
 * ` — ` and the cause `nslab why --tcp` finds (a dead `background` server of the scenario's
 * when one meant for the port exited), or '' when it finds none or cannot look.
 */
async function diagnosis(reader: StateReader, session: CheckSession, ns: string | undefined, address: string, port: number, attempt: TcpAttempt): Promise<string> {
  if (isIP(address) === 0) return '';
  try {
    const [{ why }, { withExitedServer }] = await Promise.all([import('../diagnose/why.js'), import('../diagnose/tcp-cause.js')]);
    const found = await why(reader.exec, ns ?? 'host', address, reader, { tcpPort: port, tcpAttempt: attempt });
    const result = found.finding?.cause === 'tcp-refused' ? withExitedServer(found, await session.exitedServers()) : found;
    return result.explanation ? ` — ${result.explanation.because}` : '';
  } catch {
    return '';
  }
}

/** found: `connection accepted`, `connection refused (Connection refused)`, `connection timed out (no answer within 2 s)`, then the cause when `accepts` fails. */
export const evaluateTcp: Evaluator<'tcp'> = async (p, ns, reader, session) => {
  const attempt = await tryTcpConnect(reader.exec, ns, p.address, p.port);
  if (attempt.outcome === 'error' && /Cannot open network namespace/.test(attempt.message ?? '')) {
    return failedRead(failureOf({ exitCode: 1, output: attempt.message ?? '', timedOut: false, durationMs: 0 }, ns));
  }
  const accepted = attempt.outcome === 'accepted';
  const found = accepted ? 'connection accepted' : `connection ${attempt.outcome.replace('-', ' ')}${attempt.message ? ` (${attempt.message})` : ''}`;
  if (p.accepts) return { passed: accepted, found: accepted ? found : found + (await diagnosis(reader, session, ns, p.address, p.port, attempt)) };
  return { passed: !accepted, found };
};
