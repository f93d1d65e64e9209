/**
 * `nslab test --accept` for one scenario: test it, offer the transcripts whose output
 * differed, write the accepted ones, and test again — a test run stops at the first command
 * that misses its expectation, so the transcripts after an accepted one only run in the next.
 */
import type { Scenario } from '../scenario/model.js';
import { writeAcceptedTranscripts } from '../test-scenario/accept-file.js';
import { transcriptOffers } from '../test-scenario/accept-offers.js';
import { reviewOffers, type ReviewOptions } from '../view/terminal/accept-review.js';
import type { ScenarioTestResult } from '../test-scenario/test-scenario.js';

/** What a session needs besides how to review. */
export interface AcceptSessionOptions extends ReviewOptions {
  /** Tests a scenario (`testScenario` with the command's options and reporter). */
  test: (scenario: Scenario) => Promise<ScenarioTestResult>;
  /** Reads and parses the file again after it was written. */
  reload: (file: string) => Promise<Scenario>;
}

/** How a session ended. */
export interface AcceptSessionResult {
  /** The last test run's result: it tells whether the file, as now written, passes. */
  result: ScenarioTestResult;
  /** How many transcript entries were written. */
  written: number;
}

/**
 * Tests a scenario and accepts the output of its differing transcripts until it passes, the
 * author declines, or a failure is not a transcript's. An entry that differs again after its
 * output was accepted prints something different on every run: it is not offered twice (the
 * session would never end), and the author is told to use `...` or `(re)` there.
 * @throws what `test`, `reload` or the prompt throw (a prompt cancelled with Ctrl-C)
 */
export async function acceptScenario(scenario: Scenario, options: AcceptSessionOptions): Promise<AcceptSessionResult> {
  const { write, chalk: c } = options;
  const accepted = new Set<string>();
  let current = scenario;
  let written = 0;
  for (;;) {
    const result = await options.test(current);
    if (result.status !== 'failed') return { result, written };
    const offers = transcriptOffers(result.run);
    const again = offers.find((o) => accepted.has(o.key));
    if (again) {
      write(c.yellow(`      ${current.file}:${again.entry.command.line}: the output differs again after it was accepted; ` +
        'it changes from run to run: write "..." or a (re) line for the parts that vary') + '\n');
      return { result, written };
    }
    const chosen = await reviewOffers(current.file, offers, options);
    if (chosen.length === 0) return { result, written };
    const outcome = await writeAcceptedTranscripts(current.file, chosen.map((o) => ({ entry: o.entry, lines: o.lines })));
    if (!outcome.ok) {
      write(c.red(`      ${outcome.reason}`) + '\n');
      return { result, written };
    }
    written += chosen.length;
    for (const o of chosen) accepted.add(o.key);
    const count = chosen.length === 1 ? 'one transcript' : `${chosen.length} transcripts`;
    write(c.green(`      ✎ wrote ${count} into ${current.file}; testing it again`) + '\n\n');
    current = await options.reload(current.file);
  }
}
