/**
 * The lesson page's WebSocket to the server (`/lesson/<id>/ws` on the page's own origin; the
 * token travels in the server's HttpOnly cookie, never through this code), opened again with a
 * growing wait (reconnect-delay.ts) whenever it drops, until the session has ended.
 */
import type { ClientMessage, ServerMessage } from '../protocol.js';
import { reconnectDelay } from './reconnect-delay.js';

/** What the connection tells the page. */
export interface ConnectionEvents {
  /** A message from the server (already parsed; a frame that is not JSON is dropped). */
  message(message: ServerMessage): void;
  /** The socket is open: the server now sends `hello`, the scrollback and the state. */
  open(): void;
  /** The socket dropped; the next attempt is in `retryInMs` ms, or null when none is planned (stopped). */
  closed(retryInMs: number | null): void;
}

/** An open (or reopening) connection. */
export interface Connection {
  /** Sends a message when the socket is open; drops it otherwise (the server's state is the truth). */
  send(message: ClientMessage): void;
  /** Stops reconnecting (the session ended): the socket is closed and stays closed. */
  stop(): void;
  /** Connects again now (after `stop`, or while waiting): a new socket, so a new session when the old one ended. */
  restart(): void;
}

/**
 * @param url the WebSocket URL (`ws://127.0.0.1:PORT/lesson/ID/ws`)
 * @param events where messages and changes of the connection go
 */
export function connect(url: string, events: ConnectionEvents): Connection {
  let socket: WebSocket | undefined;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function open(): void {
    clearTimeout(timer);
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      failures = 0;
      events.open();
    });
    ws.addEventListener('message', (e) => {
      if (typeof e.data !== 'string') return;
      let message: ServerMessage;
      try {
        message = JSON.parse(e.data) as ServerMessage;
      } catch {
        return;
      }
      events.message(message);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      if (stopped) return events.closed(null);
      const wait = reconnectDelay(failures++);
      timer = setTimeout(open, wait);
      events.closed(wait);
    });
  }

  open();
  return {
    send(message) {
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    },
    restart() {
      stopped = false;
      failures = 0;
      const old = socket;
      socket = undefined;
      old?.close();
      open();
    },
  };
}
