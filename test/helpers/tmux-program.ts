/**
 * Drives a program on a real terminal: a detached tmux session, keys sent with `send-keys`, the
 * screen read with `capture-pane` (its whole scrollback).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** A program running in its own tmux session. */
export interface TmuxProgram {
  /** The whole scrollback and screen, trailing blanks trimmed. */
  screen(): string;
  /** Sends tmux key names (`Enter`, `Down`, `C-c`) or literal text, one argument each. */
  send(...keys: string[]): void;
  /**
   * Polls the screen until `pattern` appears (the limit is a bound against a hung program, not
   * a timing assertion).
   * @returns the screen
   * @throws with the screen when it does not appear within `limitMs`
   */
  waitFor(pattern: RegExp | string, limitMs?: number): Promise<string>;
  /**
   * Ends the program: Ctrl-C, then waits (bounded) for it to exit — it may still write its
   * report and progress, and must not do so after the test removed its directory — then ends
   * the session.
   */
  kill(): Promise<void>;
}

/**
 * Starts `command` (a shell command line) in a new 200×50 tmux session, with NO_COLOR set.
 * @param cwd where it runs
 */
export function startInTmux(command: string, cwd: string): TmuxProgram {
  const name = `nslab-test-${randomBytes(4).toString('hex')}`;
  // The session's shell outlives the program so that its last screen can still be read.
  execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', '200', '-y', '50', '-c', cwd, `NO_COLOR=1 TERM=xterm ${command}; echo "EXIT=$?"; sleep 600`], {
    env: { ...process.env, TMUX: '' },
  });
  execFileSync('tmux', ['set-option', '-t', name, 'history-limit', '20000']);
  const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-', '-t', name], { encoding: 'utf8' }).replace(/\s+$/, '');
  return {
    screen,
    send: (...keys) => {
      for (const key of keys) execFileSync('tmux', ['send-keys', '-t', name, key]);
    },
    async waitFor(pattern, limitMs = 30_000) {
      const deadline = Date.now() + limitMs;
      for (;;) {
        const text = screen();
        if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return text;
        if (Date.now() > deadline) throw new Error(`${String(pattern)} did not appear; the screen:\n${text}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async kill() {
      try {
        if (!screen().includes('EXIT=')) {
          execFileSync('tmux', ['send-keys', '-t', name, 'C-c']);
          for (let i = 0; i < 150 && !screen().includes('EXIT='); i++) await new Promise((r) => setTimeout(r, 100));
        }
        execFileSync('tmux', ['kill-session', '-t', name]);
      } catch {
        // Already gone.
      }
    },
  };
}
