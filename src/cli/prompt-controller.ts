/**
 * The guided-mode controller: asks the person at the terminal with enquirer prompts. Each
 * choice also answers to its first letter (r, s, t, q; r, c, t, q); Topology (`t`) draws the
 * emulation as it is at the pause, then asks again.
 */
import enquirer from 'enquirer';
import type { AfterFailureChoice, BeforeStepChoice, Controller, LiveView } from '../run/controller.js';
import type { PredictedOutcome } from '../run/prediction.js';
import { buildTopology } from '../topology/build-topology.js';
import { renderTopologyText } from '../topology/render-text.js';
import { terminalColumns } from '../util/terminal-columns.js';

/** The part of enquirer's select prompt this module uses (enquirer's types do not declare it). */
interface SelectPrompt {
  choices: Array<{ name: string }>;
  index: number;
  submit(): Promise<void>;
  run(): Promise<string>;
  dispatch(s: string | undefined, key: unknown): Promise<void>;
}

const { Select } = enquirer as unknown as { Select: new (options: object) => SelectPrompt };

async function choose<T extends string>(message: string, choices: Array<{ name: T; message: string }>, letters = true): Promise<T> {
  const prompt = new Select({ name: 'choice', message, choices });
  if (!letters) return (await prompt.run()) as T;
  const dispatch = prompt.dispatch.bind(prompt);
  // A select prompt ignores letters (it only beeps); here a choice's first letter picks it.
  prompt.dispatch = async (s, key) => {
    const i = s === undefined ? -1 : prompt.choices.findIndex((c) => c.name.startsWith(s.toLowerCase()));
    if (i < 0) return dispatch(s, key);
    prompt.index = i;
    return prompt.submit();
  };
  return (await prompt.run()) as T;
}

const BEFORE_STEP: Array<{ name: BeforeStepChoice; message: string }> = [
  { name: 'run', message: 'Run' },
  { name: 'skip', message: 'Skip' },
  { name: 'quit', message: 'Quit' },
];

const AFTER_FAILURE: Array<{ name: AfterFailureChoice; message: string }> = [
  { name: 'retry', message: 'Retry' },
  { name: 'continue', message: 'Continue' },
  { name: 'quit', message: 'Quit' },
];

/** Options of {@link createPromptController}. */
export interface PromptControllerOptions {
  /** Where the Topology choice writes its picture (process.stdout in the CLI). */
  write: (text: string) => void;
  /** `run --predict`: ask what each command worth a prediction will do. */
  predict?: boolean;
}

/**
 * Creates a controller that pauses before each step (Enter runs it) and after a failure, and
 * with `predict` asks what each command worth it will do (`run --predict`).
 * enquirer rejects its prompt on Ctrl-C; the runner treats that as an interrupt.
 */
export function createPromptController(options: PromptControllerOptions): Controller {
  /** Asks until the answer is not Topology, drawing the topology each time it is. */
  async function ask<T extends string>(message: string, choices: Array<{ name: T; message: string }>, live?: LiveView): Promise<T> {
    // Last, so that the other choices keep their places (and arrow-key habits).
    const withTopology = live ? [...choices, { name: 'topology' as T, message: 'Topology' }] : choices;
    for (;;) {
      const answer = await choose<T>(message, withTopology);
      if (answer !== 'topology' || !live) return answer;
      options.write(renderTopologyText(buildTopology(await live.readState()), { width: terminalColumns() }));
    }
  }
  const predict = options.predict
    ? (question: { command: { text: string }; choices: PredictedOutcome[] }) =>
        choose<PredictedOutcome>(
          `What will this do?  $ ${question.command.text}`,
          question.choices.map((name) => ({ name, message: name })),
          false, // several answers start with "fails": no first-letter shortcuts here
        )
    : undefined;
  return {
    ...(predict ? { predict } : {}),
    beforeStep: (_step, _total, live) => ask('Run this step?', BEFORE_STEP, live),
    afterFailure: (_result, live) => ask('The step failed. What now?', AFTER_FAILURE, live),
  };
}
