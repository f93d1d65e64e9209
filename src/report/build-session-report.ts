/**
 * Turns the outcome of a practice session or a check (src/verify/outcome.ts) into the report
 * shape `run` writes (run-report.ts, docs/report.schema.json), so that `--report`, `nslab grade`
 * and the progress store read every command's sessions the same way.
 */
import type { FileIdentity } from '../util/file-identity.js';
import type { SessionOutcome, StepOutcome, VerificationItem } from '../verify/outcome.js';
import { stepCredit } from './step-credit.js';
import { REPORT_SCHEMA_VERSION, reportTotals, type ReportCheck, type ReportCommand, type ReportStep, type RunReport } from './run-report.js';

/** What the report needs beyond the outcome. */
export interface SessionReportContext {
  /** The scenario file's absolute path and content hash. */
  identity: FileIdentity;
  user: string;
  student?: string;
  /** When the session ended (default: its start plus its duration). */
  finished?: Date;
  /** The session was ended by a signal (SIGTERM, SIGHUP; Ctrl-C outside the shell). */
  interrupted?: boolean;
}

/** Durations in the report are whole ms. */
const ms = (n: number) => Math.round(n);

/** A check line's item as the report's check. */
function reportCheckOf(item: VerificationItem): ReportCheck {
  return {
    source: item.text, line: item.line, ok: item.passed, expected: item.expected, found: item.found,
    ...(item.diagnosis !== undefined && { diagnosis: item.diagnosis }),
    durationMs: ms(item.durationMs),
  };
}

/** A probe run again as the report's command; `expected`/`found` only when it missed its expectation, as for `run`. */
function reportCommandOf(item: VerificationItem): ReportCommand {
  return {
    line: item.line, command: item.text, exitCode: item.exitCode ?? null, ok: item.passed,
    ...(!item.passed && { expected: item.expected, found: item.found }),
    ...(item.diagnosis !== undefined && { diagnosis: item.diagnosis }),
    durationMs: ms(item.durationMs),
  };
}

function reportStepOf(step: StepOutcome, mode: SessionOutcome['kind']): ReportStep {
  return {
    number: step.number,
    id: step.id,
    title: step.title,
    status: step.status,
    fastForwarded: step.fastForwarded ?? false,
    credit: stepCredit(mode, step),
    checks: step.items.filter((i) => i.source === 'check').map(reportCheckOf),
    commands: step.items.filter((i) => i.source === 'probe').map(reportCommandOf),
    hintsUsed: step.hintsShown,
    predictions: [],
    durationMs: ms(step.durationMs ?? 0),
    ...(step.diagnoses && { diagnoses: step.diagnoses.map(({ at, ...d }) => ({ ...d, at: new Date(at).toISOString() })) }),
  };
}

/**
 * How the session ended: `passed` when every step is finished; a check that does not hold all
 * through `failed`; a practice session the student left before the end `quit`; either ended by
 * a signal, or a practice shell by a hangup (the terminal closed), `interrupted`.
 */
function sessionStatus(outcome: SessionOutcome, interrupted: boolean): RunReport['status'] {
  if (interrupted || outcome.hungUp) return 'interrupted';
  if (outcome.ok) return 'passed';
  return outcome.kind === 'check' ? 'failed' : 'quit';
}

/**
 * Builds the report of a practice session or a check.
 * @param outcome what `practice` or `checkScenario` returned
 * @param ctx identity, who and when
 * @returns the report (mode `practice` or `check`; the sandbox is `outcome.where`): per step its
 *   status, checks (each with expected, found, diagnosis), probes as commands, hints, time in ms
 */
export function buildSessionReport(outcome: SessionOutcome, ctx: SessionReportContext): RunReport {
  const steps = outcome.steps.map((step) => reportStepOf(step, outcome.kind));
  const started = new Date(outcome.startedAt);
  const finished = ctx.finished ?? new Date(outcome.startedAt + ms(outcome.durationMs));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    scenario: { title: outcome.scenario.title, path: ctx.identity.path, sha256: ctx.identity.sha256 },
    ...(ctx.student !== undefined && { student: ctx.student }),
    user: ctx.user,
    mode: outcome.kind,
    sandbox: outcome.where,
    status: sessionStatus(outcome, ctx.interrupted ?? false),
    started: started.toISOString(),
    finished: finished.toISOString(),
    durationMs: Math.max(0, finished.getTime() - started.getTime()),
    steps,
    totals: reportTotals(steps),
  };
}
