/**
 * The one-line question `nslab practice` asks when the student's progress has finished steps:
 * resume there, or start over. An enquirer confirm, default yes.
 */
import enquirer from 'enquirer';

/** The part of enquirer's confirm prompt this module uses (enquirer's types do not declare the class). */
interface ConfirmPrompt {
  run(): Promise<boolean>;
}

const { Confirm } = enquirer as unknown as { Confirm: new (options: object) => ConfirmPrompt };

/**
 * Asks the question on the terminal.
 * @param message the question, e.g. `Resume at step 4 (steps 1–3 finished, last 2024-05-01 14:03)?`
 * @returns true for yes (Enter), false for no
 * @throws what enquirer rejects with on Ctrl-C (the caller treats it as an interrupt)
 */
export async function askResume(message: string): Promise<boolean> {
  try {
    return await new Confirm({ name: 'resume', message, initial: true }).run();
  } finally {
    // The practice shell is handed this terminal next: nslab must not read it any more, or it
    // would take keystrokes meant for bash.
    process.stdin.pause();
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
  }
}
