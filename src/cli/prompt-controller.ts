/**
 * The guided-mode controller: asks the person at the terminal with enquirer prompts.
 */
import enquirer from 'enquirer';
import type { AfterFailureChoice, BeforeStepChoice, Controller } from '../run/controller.js';
import type { PredictedOutcome } from '../run/prediction.js';

async function choose<T extends string>(message: string, choices: Array<{ name: T; message: string }>): Promise<T> {
  const answer = (await enquirer.prompt({
    type: 'select',
    name: 'choice',
    message,
    choices,
    // enquirer's types want string names; ours are narrower.
  } as Parameters<typeof enquirer.prompt>[0])) as { choice: T };
  return answer.choice;
}

/**
 * Creates a controller that pauses before each step (Enter runs it) and after a failure, and
 * with `predict` asks what each command worth it will do (`run --predict`).
 * enquirer rejects its prompt on Ctrl-C; the runner treats that as an interrupt.
 */
export function createPromptController(options: { predict?: boolean } = {}): Controller {
  const predict = options.predict
    ? (question: { command: { text: string }; choices: PredictedOutcome[] }) =>
        choose<PredictedOutcome>(
          `What will this do?  $ ${question.command.text}`,
          question.choices.map((name) => ({ name, message: name })),
        )
    : undefined;
  return {
    ...(predict ? { predict } : {}),
    beforeStep: () =>
      choose<BeforeStepChoice>('Run this step?', [
        { name: 'run', message: 'Run' },
        { name: 'skip', message: 'Skip' },
        { name: 'quit', message: 'Quit' },
      ]),
    afterFailure: () =>
      choose<AfterFailureChoice>('The step failed. What now?', [
        { name: 'retry', message: 'Retry' },
        { name: 'continue', message: 'Continue' },
        { name: 'quit', message: 'Quit' },
      ]),
  };
}
