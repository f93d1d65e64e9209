/**
 * Turns a run's structured result into its report (see run-report.ts): the shape a course's
 * grader, `nslab grade` and the progress store read.
 */
import type { CheckResult } from '../check/model.js';
import type { CommandOutcome, RunResult, StepResult } from '../run/events.js';
import { stepCommands } from '../run/step-commands.js';
import type { Step } from '../scenario/model.js';
import type { FileIdentity } from '../util/file-identity.js';
import {
  REPORT_SCHEMA_VERSION,
  reportTotals,
  type ReportCheck,
  type ReportCommand,
  type ReportMode,
  type ReportStep,
  type ReportStepStatus,
  type RunReport,
} from './run-report.js';
import { stepCredit } from './step-credit.js';

/** What the report needs beyond the run's result. */
export interface RunReportContext {
  /** The scenario file's absolute path and content hash. */
  identity: FileIdentity;
  mode: ReportMode;
  sandbox: 'private' | 'host';
  user: string;
  student?: string;
  started: Date;
  finished: Date;
  /** Hints shown per step number (practice); none elsewhere. */
  hintsUsed?: ReadonlyMap<number, number>;
  /** Numbers of the steps nslab ran for the student (practice's `solve`): passed, they are `solved`, not `done`. */
  solved?: ReadonlySet<number>;
}

/** Durations in the report are whole ms: the runner measures fractions (performance.now). */
const ms = (n: number) => Math.round(n);

/** True for a step with nothing to run and nothing to check: passing it means reading it. */
export function isReadingStep(step: Step): boolean {
  return stepCommands(step).length === 0 && !step.blocks.some((b) => b.kind === 'check');
}

function stepStatus(result: StepResult, solved: boolean): ReportStepStatus {
  switch (result.status) {
    case 'passed':
      return isReadingStep(result.step) ? 'reading' : solved ? 'solved' : 'done';
    case 'failed':
      return 'failed';
    case 'skipped':
      return 'skipped';
    // An interrupted step did not end; for a grader it is as far as the run got.
    case 'interrupted':
    case 'not-run':
      return 'not-reached';
  }
}

/** The part of a failed ping check's `found` after ` — `: the cause `why` found (see evaluate-ping.ts). */
function splitDiagnosis(result: CheckResult): { found: string; diagnosis?: string } {
  const at = result.check.predicate.kind === 'ping' && !result.passed ? result.found.indexOf(' — ') : -1;
  if (at === -1) return { found: result.found };
  return { found: result.found.slice(0, at), diagnosis: result.found.slice(at + 3) };
}

/** A check's line in the report. */
export function reportCheck(result: CheckResult): ReportCheck {
  const { found, diagnosis } = splitDiagnosis(result);
  const check: ReportCheck = { source: result.check.source, line: result.check.line, ok: result.passed, expected: result.expected, found, durationMs: ms(result.durationMs) };
  if (diagnosis) check.diagnosis = diagnosis;
  return check;
}

/**
 * What a failed command did, each finding once: an exit-status failure already quotes the
 * output's last lines (`exit status 1; output: ...`), which an output failure would repeat.
 */
function joinFindings(failures: CommandOutcome['failures']): string {
  const kept: string[] = [];
  for (const { found } of failures) if (!kept.some((k) => k.includes(found))) kept.push(found);
  return kept.join('; ');
}

function reportCommand(outcome: CommandOutcome): ReportCommand {
  const ok = outcome.failures.length === 0;
  const command: ReportCommand = {
    line: outcome.command.line,
    command: outcome.command.text,
    exitCode: outcome.result.exitCode,
    ok,
    durationMs: ms(outcome.result.durationMs),
  };
  if (!ok) {
    command.expected = outcome.failures.map((f) => f.expected).join('; ');
    command.found = joinFindings(outcome.failures);
  }
  if (outcome.explanation) command.diagnosis = outcome.explanation;
  return command;
}

function reportStep(result: StepResult, mode: ReportMode, hintsUsed: number, solved: boolean): ReportStep {
  const status = stepStatus(result, solved);
  return {
    number: result.step.number,
    id: result.step.id,
    title: result.step.title,
    status,
    fastForwarded: result.fastForwarded,
    credit: stepCredit(mode, { status, fastForwarded: result.fastForwarded }),
    checks: result.checks.map(reportCheck),
    commands: result.commands.map(reportCommand),
    hintsUsed,
    predictions: result.commands.flatMap((c) => (c.prediction ? [{ ...c.prediction }] : [])),
    durationMs: ms(result.durationMs),
    ...(result.attempts > 1 && { attempts: result.attempts }),
    ...(result.backgroundExits && { background: result.backgroundExits.map((b) => ({ ...b })) }),
  };
}

/**
 * Builds the report of a run.
 * @param result what `runScenario` returned (every step is in it, not-run ones included)
 * @param ctx identity, mode, who and when
 * @returns the report, ready for `JSON.stringify`
 */
export function buildRunReport(result: RunResult, ctx: RunReportContext): RunReport {
  const steps = result.steps.map((s) => reportStep(s, ctx.mode, ctx.hintsUsed?.get(s.step.number) ?? 0, ctx.solved?.has(s.step.number) ?? false));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    scenario: { title: result.scenario.meta.title, path: ctx.identity.path, sha256: ctx.identity.sha256 },
    ...(ctx.student !== undefined ? { student: ctx.student } : {}),
    user: ctx.user,
    mode: ctx.mode,
    sandbox: ctx.sandbox,
    status: result.status,
    started: ctx.started.toISOString(),
    finished: ctx.finished.toISOString(),
    durationMs: ctx.finished.getTime() - ctx.started.getTime(),
    steps,
    totals: reportTotals(steps),
  };
}
