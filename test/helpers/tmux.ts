/**
 * A real terminal for end-to-end tests: a tmux session on a private tmux server (its own
 * socket, so tests never touch anyone's tmux), keys typed with send-keys, the screen read with
 * capture-pane, and waits that poll for expected text until a deadline.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';

/** One tmux session running one command. */
export class TmuxTerminal {
  private readonly socket = `nslab-test-${randomBytes(4).toString('hex')}`;

  /** Starts `command` (a shell command line) in a detached session of `size` (200×50 by default), in `cwd`. */
  constructor(command: string, cwd: string, size: { columns: number; rows: number } = { columns: 200, rows: 50 }) {
    this.tmux('new-session', '-d', '-s', 'main', '-x', String(size.columns), '-y', String(size.rows), '-c', cwd, command);
    // Keep the pane after the command ends, so its last words can still be read.
    this.tmux('set-option', '-t', 'main', 'remain-on-exit', 'on');
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** Types a line and Enter. */
  type(line: string): void {
    this.tmux('send-keys', '-t', 'main', '-l', line);
    this.tmux('send-keys', '-t', 'main', 'Enter');
  }

  /** Presses keys by their tmux names (`Enter`, `Down`, `C-c`), one after the other. */
  send(...keys: string[]): void {
    for (const key of keys) this.tmux('send-keys', '-t', 'main', key);
  }

  /** The whole pane, scroll-back included, wrapped lines joined. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'main');
  }

  /** The whole pane, scroll-back included, as the rows it shows: a line the terminal wrapped is two rows. */
  rows(): string[] {
    return this.tmux('capture-pane', '-p', '-S', '-', '-t', 'main').split('\n');
  }

  /**
   * Polls the screen until `test` holds (or matches), or the deadline passes.
   * @returns the screen at that moment
   * @throws with the screen's last lines when the deadline passed
   */
  async waitFor(test: string | RegExp | ((screen: string) => boolean), timeoutMs = 20_000): Promise<string> {
    const holds = typeof test === 'function' ? test : typeof test === 'string' ? (s: string) => s.includes(test) : (s: string) => test.test(s);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (holds(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`terminal never showed ${String(test)}; it shows:\n${screen.trimEnd().split('\n').slice(-30).join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Ends the tmux server and everything in it, and removes its socket (kill-server leaves the file). */
  close(): void {
    try {
      const socketPath = this.tmux('display-message', '-p', '#{socket_path}').trim();
      this.tmux('kill-server');
      if (socketPath) rmSync(socketPath, { force: true });
    } catch {
      // already gone
    }
  }
}

/** How many times `text` occurs in `screen`. */
export function count(screen: string, text: string): number {
  return screen.split(text).length - 1;
}
