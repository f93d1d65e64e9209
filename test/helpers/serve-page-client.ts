/**
 * A lesson page as `nslab serve` sees it, without a browser: a WebSocket (the `ws` client) with
 * the page's cookie and Origin, and the server's messages kept, waited for by predicate.
 */
import WebSocket from 'ws';
import type { ClientMessage, ServerMessage } from '../../src/view/web/protocol.js';

/** A connected page. */
export interface PageClient {
  messages: ServerMessage[];
  /** Everything the terminal received (`out` messages joined). */
  output(): string;
  send(message: ClientMessage): void;
  /** Resolves with the first message (from the start) meeting `test`; rejects after `ms`. */
  waitFor<T extends ServerMessage>(test: (m: ServerMessage) => m is T, ms?: number, what?: string): Promise<T>;
  waitFor(test: (m: ServerMessage) => boolean, ms?: number, what?: string): Promise<ServerMessage>;
  /** Resolves once the terminal's output contains `text`. */
  waitForOutput(text: string, ms?: number): Promise<void>;
  close(): Promise<void>;
}

/** How to knock: the lesson, the server, and what the page would send. */
export interface PageRequest {
  port: number;
  lesson: string;
  /** The token sent as the cookie (undefined: no cookie). */
  token?: string;
  /** The Origin header (default: the server's own, http://127.0.0.1:PORT). */
  origin?: string;
}

/**
 * Opens the lesson's WebSocket.
 * @returns the page; rejects with `refused STATUS` when the server answers the upgrade with an
 *   HTTP status instead
 */
export function openPage({ port, lesson, token, origin = `http://127.0.0.1:${port}` }: PageRequest): Promise<PageClient> {
  const headers: Record<string, string> = { Origin: origin };
  if (token !== undefined) headers.Cookie = `nslab_token_${port}=${token}`;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/lesson/${lesson}/ws`, { headers });
  const messages: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as ServerMessage);
    for (const w of waiters) w();
  });
  ws.on('close', () => {
    for (const w of waiters) w();
  });
  const output = () => messages.map((m) => (m.t === 'out' ? m.d : '')).join('');
  const until = <T>(check: () => T | undefined, ms: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const tryIt = () => {
        const found = check();
        if (found === undefined) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${what} within ${ms} ms; output so far:\n${output().slice(-2000)}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(waiter);
      };
      const waiter = () => void tryIt();
      waiters.add(waiter);
      tryIt();
    });
  const page: PageClient = {
    messages,
    output,
    send: (m) => ws.send(JSON.stringify(m)),
    waitFor: ((test: (m: ServerMessage) => boolean, ms = 60_000, what = 'such message') => until(() => messages.find(test), ms, what)) as PageClient['waitFor'],
    waitForOutput: (text, ms = 60_000) => until(() => (output().includes(text) ? true : undefined), ms, `"${text}" in the terminal`).then(() => {}),
    close: () =>
      new Promise((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(page));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
