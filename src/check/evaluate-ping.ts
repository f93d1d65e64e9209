/**
 * `ping ADDR succeeds|fails [with "TEXT"]`: one echo request, `ping -c 1 -W 1 ADDR`, run in the
 * check's namespace. iputils ping(8), EXIT STATUS: 0 when a reply came, 1 when none did
 * (`100% packet loss`), 2 on other errors — e.g. `connect: Network is unreachable` when there
 * is no route. Verified on this machine (iputils 20221126, Debian 12).
 */
import { isIP } from 'node:net';
import { failureOf, inNamespace } from '../state/run-ip.js';
import type { StateReader } from '../state/state-reader.js';
import { failedRead, type Evaluator } from './evaluate-context.js';

/** Limit for one ping, in ms: `-W 1` makes it end after 1 s; the rest is margin. */
const PING_TIMEOUT_MS = 5000;

/**
 * The telling part of ping's output, for `found`: error lines (without the `ping: ` prefix),
 * ICMP errors (`From 10.0.1.1 icmp_seq=1 Destination Net Unreachable`) and the statistics line
 * without its time; header, replies and rtt lines are dropped.
 * @param output ping's stdout+stderr.
 * @returns lines joined with `; `, e.g. `1 packets transmitted, 0 received, 100% packet loss`.
 */
export function summarizePing(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(PING |--- |rtt |\d+ bytes from )/.test(l))
    .map((l) => l.replace(/^ping: /, '').replace(/, time \d+(\.\d+)?ms$/, ''));
  return lines.join('; ');
}

/**
 * The cause `nslab why` finds for a ping that should have succeeded, as one sentence; empty
 * when it finds none (or cannot look: a host name, unreadable state) — the ping's own output stays.
 */
async function diagnosis(reader: StateReader, ns: string | undefined, address: string): Promise<string> {
  if (isIP(address) === 0) return '';
  try {
    const [{ why }, { failureExplanation }] = await Promise.all([import('../diagnose/why.js'), import('../diagnose/unread-rules.js')]);
    const explanation = failureExplanation(await why(reader.exec, ns ?? 'host', address, reader));
    return explanation ? ` — ${explanation.because}` : '';
  } catch {
    return '';
  }
}

/**
 * Runs one ping in the check's namespace; `fails with "TEXT"` matches TEXT against ping's
 * whole output. found: `ping exited N: <summary>` (see {@link summarizePing}), and when a ping
 * that should succeed fails, ` — ` and the cause `nslab why` finds for it
 * (`H1 has no route to 10.0.2.2: it has no default route, ...`).
 */
export const evaluatePing: Evaluator<'ping'> = async (p, ns, reader) => {
  const result = await reader.exec(inNamespace(ns, ['ping', '-c', '1', '-W', '1', p.address]), {
    timeoutMs: PING_TIMEOUT_MS,
  });
  if (result.exitCode !== 0 && /Cannot open network namespace/.test(result.output)) {
    return failedRead(failureOf(result, ns));
  }
  const status = result.timedOut ? 'ping timed out' : `ping exited ${result.exitCode}`;
  const summary = summarizePing(result.output);
  const found = summary ? `${status}: ${summary}` : status;
  const succeeded = result.exitCode === 0;
  if (p.succeeds) return { passed: succeeded, found: succeeded ? found : found + (await diagnosis(reader, ns, p.address)) };
  if (succeeded) return { passed: false, found };
  return { passed: p.text === undefined || result.output.includes(p.text), found };
};
