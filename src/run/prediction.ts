/**
 * Predict, then run (`nslab run --predict`): before a command whose block carries an
 * expectation (or any ping), the student says what will happen; after it ran, the answer is
 * judged against what did happen. Pure: the question is asked through the Controller.
 *
 * The ping outcomes are iputils ping(8)'s: exit 0 when a reply came; 1 with `100% packet loss`
 * when none did; 2 with `connect: Network is unreachable` when the sender has no route (the
 * kernel's ENETUNREACH); `From GW ... Destination Host Unreachable` when a gateway could not
 * resolve the next hop (ICMP type 3 code 1, RFC 792). Verified with iputils 20221126.
 */
import type { CommandResult } from '../sandbox/types.js';
import type { Command, Expectation } from '../scenario/model.js';
import { pingTarget } from './explain-ping.js';

/** What a command can do, as the student picks it. */
export type PredictedOutcome =
  | 'succeeds'
  | 'fails'
  | 'fails: Network is unreachable'
  | 'fails: Destination Host Unreachable'
  | 'fails: all packets lost'
  | 'fails: another error';

/** The question asked before one command. */
export interface PredictionQuestion {
  command: Command;
  /** The choices, in the order shown. */
  choices: PredictedOutcome[];
}

/** A prediction and how it turned out. */
export interface Prediction {
  /** Line of the command in the scenario file. */
  line: number;
  command: string;
  /** What the student chose. */
  answer: PredictedOutcome;
  /** What happened, in the same words. */
  actual: PredictedOutcome;
  right: boolean;
  /** One sentence on why it happened (the `why` diagnosis for a failed ping), when there is one. */
  why?: string;
}

const PING_CHOICES: PredictedOutcome[] = [
  'succeeds',
  'fails: Network is unreachable',
  'fails: Destination Host Unreachable',
  'fails: all packets lost',
  'fails: another error',
];

/** True when the block asks for more than the default (exit status 0, nothing about output). */
function carriesExpectation(expect: Expectation): boolean {
  return !(expect.exit.kind === 'code' && expect.exit.code === 0) || expect.output !== undefined || expect.noOutput !== undefined || expect.match !== undefined;
}

/**
 * The question for a command, or undefined when it is not worth one: only pings (their way of
 * failing is the lesson) and commands of blocks with an expectation (`exit=`, `output=`, ...).
 * @param expect the expectation of the command's block
 */
export function predictionQuestion(command: Command, expect: Expectation): PredictionQuestion | undefined {
  if (pingTarget(command.text)) return { command, choices: PING_CHOICES };
  if (!carriesExpectation(expect)) return undefined;
  return { command, choices: ['succeeds', 'fails'] };
}

/**
 * What a command did, in the words of its question's choices.
 * @param question the question asked before it (decides ping or plain wording)
 * @param result the command's result (exit status and output)
 */
export function actualOutcome(question: PredictionQuestion, result: CommandResult): PredictedOutcome {
  if (result.exitCode === 0) return 'succeeds';
  if (!question.choices.includes('fails: all packets lost')) return 'fails';
  // Order matters: an unreachable gateway also prints `100% packet loss` in the statistics.
  if (/Network is unreachable/.test(result.output)) return 'fails: Network is unreachable';
  if (/Destination Host Unreachable/.test(result.output)) return 'fails: Destination Host Unreachable';
  if (/(^|\D)100% packet loss/.test(result.output)) return 'fails: all packets lost';
  return 'fails: another error';
}

/**
 * Judges an answer.
 * @param why the sentence on why (see {@link whySentence}); omitted from the result when undefined
 */
export function judgePrediction(question: PredictionQuestion, answer: PredictedOutcome, result: CommandResult, why?: string): Prediction {
  const actual = actualOutcome(question, result);
  const prediction: Prediction = { line: question.command.line, command: question.command.text, answer, actual, right: answer === actual };
  if (why) prediction.why = why;
  return prediction;
}

/**
 * The sentence on why a predicted command did what it did: the `why` diagnosis of a failed ping
 * when there is one; for a ping that got its reply, that the path works both ways (an echo
 * reply needs a route there and back); otherwise undefined.
 */
export function whySentence(command: Command, result: CommandResult, diagnosis: string | undefined): string | undefined {
  if (diagnosis) return diagnosis;
  const target = pingTarget(command.text);
  if (target && result.exitCode === 0) {
    return `${target.namespace ?? 'the host'} has a route to ${target.address}, every router on the way forwards, and the reply finds its way back.`;
  }
  return undefined;
}
