/**
 * `nslab run --demo`: for an instructor at a projector. No menus: every step runs; each command
 * is typed out character by character after the `$ ` the reporter wrote, and runs when the
 * presenter presses Enter. Keys pressed while a command is being typed are dropped, so an early
 * Enter cannot run a command the audience has not seen whole. Ctrl-C interrupts the run.
 */
import type { Controller } from '../run/controller.js';
import { unattendedController } from '../run/controller.js';

/** Where the demo types and listens. */
export interface DemoControllerOptions {
  /** Characters per second; 0 types each command at once. */
  typingSpeed: number;
  /** Writes to the screen (process.stdout in the CLI). */
  write: (text: string) => void;
  /** The presenter's keys (process.stdin in the CLI); raw mode when it is a terminal. */
  input: NodeJS.ReadStream;
  /** Colours the typed command like the reporter's commands (cyan). */
  paint: (text: string) => string;
}

/** Thrown when the presenter presses Ctrl-C: the runner counts a rejected prompt as an interrupt. */
class DemoCancelled extends Error {}

const ENTER = /[\r\n]/;
const CTRL_C = '\x03';

/**
 * Creates the demo controller. Steps run unasked and a failure ends the run, as with `--yes`.
 */
export function createDemoController(options: DemoControllerOptions): Controller {
  const { input, write, paint } = options;
  const delayMs = options.typingSpeed > 0 ? 1000 / options.typingSpeed : 0;
  let typing = false;
  let listening = false;
  let waiter: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const onData = (data: Buffer) => {
    const text = data.toString();
    if (text.includes(CTRL_C)) {
      const w = waiter;
      waiter = undefined;
      w?.reject(new DemoCancelled('interrupted'));
      // Not waiting: Ctrl-C in raw mode sent no SIGINT; send it, so the run is interrupted as usual.
      if (!w) process.kill(process.pid, 'SIGINT');
      return;
    }
    if (typing || !waiter || !ENTER.test(text)) return;
    const w = waiter;
    waiter = undefined;
    w.resolve();
  };
  const listen = () => {
    if (listening) return;
    listening = true;
    if (input.isTTY) input.setRawMode(true);
    input.on('data', onData);
    input.resume();
  };
  const typeOut = async (text: string) => {
    typing = true;
    try {
      const chars = [...text.replace(/\n/g, '\n  ')];
      for (const [i, ch] of chars.entries()) {
        write(paint(ch));
        // No pause after the last one: once the whole command is on screen, Enter counts.
        if (delayMs > 0 && i < chars.length - 1) await new Promise((r) => setTimeout(r, delayMs));
      }
    } finally {
      typing = false;
    }
  };
  return {
    ...unattendedController,
    async beforeCommand(_step, command) {
      listen();
      await typeOut(command.text);
      await new Promise<void>((resolve, reject) => (waiter = { resolve, reject }));
    },
  };
}
