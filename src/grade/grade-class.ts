/**
 * `nslab grade`: a class's JSON reports of one scenario merged into one table, a row per student.
 * Reports of another version of the scenario (another SHA-256), or of another scenario, are
 * flagged and left out: their steps need not be the same steps. Pure.
 */
import { basename, extname } from 'node:path';
import type { ReportStep, RunReport } from '../report/run-report.js';
import { isEarned, stepCredit, type StepCredit } from '../report/step-credit.js';
import type { ReadReport } from './read-report.js';

/**
 * A step's outcome in the class table, named by whose work it is (report/step-credit.ts): only
 * `done` — the student's own commands made it hold, in practice — is the student's; a step
 * nslab ran (`run`, `solve`, a fast-forward) or only saw holding (`check`) is not.
 */
export type GradeStepStatus = StepCredit;

/** One student's row. */
export interface StudentGrade {
  student: string;
  /** The report it comes from. */
  file: string;
  /** Status per step, in step order (`not-reached` for a step the report lacks). */
  steps: GradeStepStatus[];
  /** Steps the student earned (`done`): their own commands made them hold. */
  earned: number;
  hintsUsed: number;
  predictions: number;
  predictionsRight: number;
  /** The session's wall time, in ms. */
  timeMs: number;
}

/** A report left out, and why. */
export interface FlaggedReport {
  file: string;
  /** The student, when the report could be read. */
  student?: string;
  reason: string;
}

/** The class table. */
export interface ClassGrade {
  scenario: { title: string; sha256: string };
  /** The graded version's steps. */
  steps: Array<{ number: number; title: string }>;
  /** In the order the reports were given. */
  students: StudentGrade[];
  flagged: FlaggedReport[];
}

/**
 * The student a report is of: `student` in the report, else its file name without `.json`
 * (`reports/ada.json` → `ada`).
 */
export function studentOf(file: string, report: RunReport): string {
  return report.student?.trim() || basename(file, extname(file));
}

/** The version most reports are of; a tie goes to the one given first. */
function commonVersion(reports: ReadonlyArray<{ report: RunReport }>): string | undefined {
  const counts = new Map<string, number>();
  for (const { report } of reports) counts.set(report.scenario.sha256, (counts.get(report.scenario.sha256) ?? 0) + 1);
  let best: string | undefined;
  for (const [sha, n] of counts) if (best === undefined || n > counts.get(best)!) best = sha;
  return best;
}

/** A reported step's outcome for the table; a step the report lacks was not reached. */
function gradeStatus(report: RunReport, step: ReportStep | undefined): GradeStepStatus {
  if (!step) return 'not-reached';
  return step.credit ?? stepCredit(report.mode, step);
}

function studentRow(file: string, report: RunReport, steps: ClassGrade['steps']): StudentGrade {
  const predictions = report.steps.flatMap((s) => s.predictions ?? []);
  const outcomes = steps.map((s) => gradeStatus(report, report.steps.find((r) => r.number === s.number)));
  return {
    student: studentOf(file, report),
    file,
    steps: outcomes,
    earned: outcomes.filter(isEarned).length,
    hintsUsed: report.steps.reduce((n, s) => n + (s.hintsUsed ?? 0), 0),
    predictions: predictions.length,
    predictionsRight: predictions.filter((p) => p.right).length,
    timeMs: report.durationMs,
  };
}

const short = (sha: string) => sha.slice(0, 12);

/** The scenario graded: its version, and its file and title when known. */
export interface GradedScenario {
  sha256: string;
  path?: string;
  title?: string;
}

/**
 * True when a report is of another scenario, not another version of the graded one: its file
 * has another name and its title differs too (an edit may change one of them, rarely both; the
 * directory is no clue, each student runs from their own).
 */
function isOtherScenario(of: RunReport['scenario'], graded: GradedScenario): boolean {
  if (graded.path === undefined || basename(of.path) === basename(graded.path)) return false;
  return graded.title === undefined || of.title.trim() !== graded.title.trim();
}

/** Why a report of another SHA-256 than the graded one is left out. */
function otherVersionReason(of: RunReport['scenario'], graded: GradedScenario): string {
  if (isOtherScenario(of, graded)) return `a report of another scenario (${basename(of.path)}, graded: ${basename(graded.path!)}): not graded`;
  return `another version of the scenario (sha256 ${short(of.sha256)}…, graded: ${graded.sha256 ? short(graded.sha256) : '?'}…): not graded`;
}

/**
 * Merges the reports.
 * @param read every report given, read or not (see readReports)
 * @param wanted the scenario to grade (`--scenario FILE`: its SHA-256 and path); default: the
 *   version most reports are of
 * @returns the table; when no report is of the version graded, it has no students and every
 *   report is flagged
 */
export function gradeClass(read: readonly ReadReport[], wanted?: { sha256: string; path: string }): ClassGrade {
  const flagged: FlaggedReport[] = [];
  const good: Array<{ file: string; report: RunReport }> = [];
  for (const r of read) {
    if (r.ok) good.push(r);
    else flagged.push({ file: r.file, reason: r.problem });
  }
  const sha = wanted?.sha256 ?? commonVersion(good);
  const graded = good.filter((g) => g.report.scenario.sha256 === sha);
  const reference: GradedScenario = { sha256: sha ?? '', path: wanted?.path ?? graded[0]?.report.scenario.path, title: graded[0]?.report.scenario.title };
  for (const g of good) {
    if (g.report.scenario.sha256 === sha) continue;
    flagged.push({ file: g.file, student: studentOf(g.file, g.report), reason: otherVersionReason(g.report.scenario, reference) });
  }
  // One row per student: the latest report wins, the others are flagged.
  const latest = new Map<string, { file: string; report: RunReport }>();
  for (const g of graded) {
    const name = studentOf(g.file, g.report);
    const seen = latest.get(name);
    const [older, newer] = !seen ? [undefined, g] : seen.report.finished <= g.report.finished ? [seen, g] : [g, seen];
    latest.set(name, newer);
    if (older) flagged.push({ file: older.file, student: name, reason: `an older report of ${name} (the newer one is ${newer.file}): not graded` });
  }
  const first = graded[0]?.report;
  const steps = (first?.steps ?? []).map((s) => ({ number: s.number, title: s.title }));
  return {
    scenario: { title: first?.scenario.title ?? '', sha256: sha ?? '' },
    steps,
    students: [...latest.values()].map(({ file, report }) => studentRow(file, report, steps)),
    flagged,
  };
}
