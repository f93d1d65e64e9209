/**
 * The channel between the practice shell and the long-lived nslab process: two FIFOs in the
 * sandbox's private `/run/nslab/practice` (reached from the host through `/proc/PID/root`), so
 * they vanish with the sandbox and nothing is left on the host.
 *
 * Why FIFOs and not a unix socket: the shell's functions talk to nslab with bash builtins alone
 * (`printf > req`, `read <&3`), with no client program to start per prompt (docs/performance.md, "Costs behind the code"). nslab opens both FIFOs read-write, so neither side's open(2) ever blocks
 * (fifo(7)), and reads them through libuv's pipe handles, not the thread pool.
 *
 * Protocol, one line per request: `ID COMMAND [ARGS...]`. The reply is any number of lines
 * `ID TEXT`, then `ID . PROMPT`. The shell skips lines of other ids: what is left of a reply
 * the student interrupted with Ctrl-C.
 */
import { constants, mkdirSync, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** One request from the shell. */
export interface ControlRequest {
  id: string;
  /** The request's words: `verify 12`, `why H1 10.0.2.2`. */
  words: string[];
}

/** Writes one reply: `line` for each line of text, `end` once with the prompt's step part. */
export interface ReplyWriter {
  line(text: string): void;
  end(prompt: string): void;
}

/** An open channel. */
export interface ControlChannel {
  /** Stops listening and closes both FIFOs. Idempotent. */
  close(): void;
}

/**
 * Makes the FIFOs in `dir` (created if missing) and serves requests one at a time, in order.
 * @param dir host path of the channel's directory (inside the sandbox through its root)
 * @param handle answers one request; a thrown error becomes a reply line
 * @throws when the FIFOs cannot be made (mkfifo missing, or the directory is not writable)
 */
export function openControlChannel(dir: string, handle: (request: ControlRequest, reply: ReplyWriter) => Promise<void>): ControlChannel {
  mkdirSync(dir, { recursive: true });
  execFileSync('mkfifo', ['-m', '600', join(dir, 'req'), join(dir, 'res')]);
  const flags = constants.O_RDWR | constants.O_NONBLOCK;
  const input = new Socket({ fd: openSync(join(dir, 'req'), flags), readable: true, writable: false });
  const output = new Socket({ fd: openSync(join(dir, 'res'), flags), readable: false, writable: true });
  output.on('error', () => {});
  input.on('error', () => {});
  let pending = '';
  let queue: Promise<void> = Promise.resolve();
  input.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const [id, ...words] = pending.slice(0, nl).trim().split(/\s+/);
      pending = pending.slice(nl + 1);
      if (!id) continue;
      queue = queue.then(() => serve({ id, words }));
    }
  });
  const serve = async (request: ControlRequest): Promise<void> => {
    let ended = false;
    const reply: ReplyWriter = {
      line: (text) => {
        for (const l of text.replace(/\n$/, '').split('\n')) output.write(`${request.id} ${l}\n`);
      },
      end: (prompt) => {
        if (!ended) output.write(`${request.id} . ${prompt}\n`);
        ended = true;
      },
    };
    try {
      await handle(request, reply);
    } catch (error) {
      reply.line(`nslab: ${(error as Error).message}`);
    }
    reply.end('');
  };
  return {
    close() {
      input.destroy();
      output.destroy();
    },
  };
}
