/**
 * The one-line question `nslab practice` asks when the student's last practice stopped after
 * finishing steps: resume there, or start over. An enquirer confirm, default yes, whose answer
 * shows as words (`· yes, resuming at step 4`), not as enquirer's `true`/`false`.
 */
import enquirer from 'enquirer';

/** The part of enquirer's confirm prompt this module uses (enquirer's types do not declare the class). */
interface ConfirmPrompt {
  run(): Promise<boolean>;
}

/** What enquirer binds a prompt's `format` option to. */
interface PromptState {
  state: { submitted: boolean; cancelled?: boolean };
  styles: { success(text: string): string };
}

const { Confirm } = enquirer as unknown as { Confirm: new (options: object) => ConfirmPrompt };

/**
 * Asks the question on the terminal.
 * @param message the question (view/terminal/resume-notice.ts resumeQuestion)
 * @param answer the words shown for the answer once given (resumeAnswer); before, nothing
 *   follows the `(Y/n)`
 * @returns true for yes (Enter, y), false for no (n)
 * @throws what enquirer rejects with on Ctrl-C (the caller treats it as an interrupt)
 */
export async function askResume(message: string, answer: (yes: boolean) => string): Promise<boolean> {
  // enquirer's confirm shows its value, `true` or `false`, after the question.
  function format(this: PromptState, value: boolean): string {
    // Ctrl-C submits too (enquirer's cancel sets both): a cancelled question has no answer to show.
    return this.state.submitted && this.state.cancelled !== true ? this.styles.success(answer(value)) : '';
  }
  try {
    return await new Confirm({ name: 'resume', message, initial: true, format }).run();
  } finally {
    // The practice shell is handed this terminal next: nslab must not read it any more, or it
    // would take keystrokes meant for bash.
    process.stdin.pause();
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
  }
}
