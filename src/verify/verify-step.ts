/**
 * Verifying one step against the live state without changing it: by its check blocks; a step
 * without one by running its read-only probes again (`probesOf`); a step with neither is a
 * reading step, which nothing can verify.
 *
 * Nothing here uses a shell session: checks read state through `exec` (fresh processes), and
 * a probe runs in a fresh `bash -c`, so a student's shell and its variables are never touched.
 * The values of the variables checks use (`ping $ADDR succeeds`) are the caller's to read.
 */
import { performance } from 'node:perf_hooks';
import { evaluateCheck } from '../check/evaluate-check.js';
import type { CheckResult } from '../check/model.js';
import type { CheckSession } from '../check/evaluate-context.js';
import type { SessionVariables } from '../check/session-variables.js';
import { describeExpectation, evaluateExpectation } from '../run/evaluate-expectation.js';
import { explainPing } from '../run/explain-ping.js';
import { checksOf } from '../run/run-step.js';
import type { StepCommand } from '../run/step-commands.js';
import type { Step } from '../scenario/model.js';
import type { Exec } from '../sandbox/types.js';
import { createStateReader } from '../state/state-reader.js';
import type { StepVerification, VerificationItem, VerifiedBy } from './outcome.js';
import { probesOf } from './probes.js';

/** How to verify. */
export interface VerifyOptions {
  /** Limit for one probe, in ms, when its block sets none (the scenario's `timeout`). */
  defaultTimeoutMs: number;
  /**
   * Stop at the first item that fails: the after-command check of `practice` only needs to
   * know whether the step holds, and a `ping ... succeeds` that fails costs its 1 s wait.
   */
  failFast?: boolean;
  /** Ask `nslab why` for the cause of a failed ping probe (it reads the state again). Default true. */
  diagnose?: boolean;
  /**
   * The values of the shell variables checks use, or why there are none (evaluateCheck); a check
   * that uses one fails without them, found saying there is no shell session to read it from.
   */
  variables?: SessionVariables;
  /** What the session knows beyond the state: the `background` servers that exited (practice's `solve` starts them). */
  session?: CheckSession;
}

/** What verifies the step: `checks` when it has a check, else `probes` when it has a read-only probe, else `reading`. */
export function verificationOf(step: Step): VerifiedBy {
  if (checksOf(step).length > 0) return 'checks';
  return probesOf(step).length > 0 ? 'probes' : 'reading';
}

/**
 * Verifies one step (see the module comment). Checks are evaluated once each, in file order,
 * `within` ignored: the state is read as it is now, and a student's next command will trigger
 * the next verification anyway.
 * @param step the step
 * @param exec where state is read and probes run (a sandbox's, or the host's)
 * @returns whether it holds, and each item with expected, found and (for a failed ping) the
 *   diagnosis. Never throws for a state problem: it is a failed item.
 */
export async function verifyStep(step: Step, exec: Exec, options: VerifyOptions): Promise<StepVerification> {
  const started = performance.now();
  const by = verificationOf(step);
  const items: VerificationItem[] = [];
  if (by === 'checks') {
    // Nothing changes the state in between: one read of each namespace serves every check.
    const reader = createStateReader(exec);
    for (const check of checksOf(step)) {
      items.push(checkItem(await evaluateCheck(check, exec, reader, options.variables, options.session)));
      if (options.failFast && !items.at(-1)!.passed) break;
    }
  } else if (by === 'probes') {
    for (const probe of probesOf(step)) {
      items.push(await runProbe(probe, exec, options));
      if (options.failFast && !items.at(-1)!.passed) break;
    }
  }
  const holds = by !== 'reading' && items.every((i) => i.passed);
  return { by, holds, items, durationMs: performance.now() - started };
}

/**
 * A check result as an item. A failed `ping ... succeeds` check's `found` ends in ` — ` and
 * the cause `why` found (see evaluate-ping.ts): that part becomes the diagnosis.
 */
function checkItem(result: CheckResult): VerificationItem {
  const { check, passed, expected, durationMs } = result;
  let found = result.found;
  let diagnosis: string | undefined;
  const cut = found.indexOf(' — ');
  if (!passed && check.predicate.kind === 'ping' && cut >= 0) {
    diagnosis = found.slice(cut + 3);
    found = found.slice(0, cut);
  }
  return { source: 'check', line: check.line, text: check.source, passed, expected, found, ...(diagnosis && { diagnosis }), durationMs };
}

/** What a probe's block expects, in words: `exit status 2; output contains "Network is unreachable"`. */
export function describeProbeExpectation({ expect, transcript }: StepCommand): string {
  const words = describeExpectation(expect, '; ');
  return transcript && transcript.length > 0 ? `${words}; output as in the transcript` : words;
}

/**
 * Runs a probe again in a fresh bash and holds it to its block's expectation.
 * @returns the item: passed, expected, found, exit status and (unless `options.diagnose` is
 *   false) the cause of a failed ping
 */
export async function runProbe(probe: StepCommand, exec: Exec, options: VerifyOptions): Promise<VerificationItem> {
  const { block, command, transcript, expect } = probe;
  const result = await exec(['bash', '--noprofile', '--norc', '-c', command.text], { timeoutMs: block.timeoutMs ?? options.defaultTimeoutMs });
  const failures = evaluateExpectation(expect, result, transcript);
  const passed = failures.length === 0;
  const diagnosis = !passed && options.diagnose !== false ? await explainPing(exec, command.text, result.exitCode, { timedOut: result.timedOut }) : undefined;
  return {
    source: 'probe',
    line: command.line,
    text: command.text,
    passed,
    expected: describeProbeExpectation(probe),
    found: failures.map((f) => f.found).join('; '),
    ...(diagnosis && { diagnosis }),
    exitCode: result.exitCode,
    durationMs: result.durationMs,
  };
}
