/**
 * `nslab grade`: a class's JSON reports of one scenario merged into one table, a row per student.
 * Reports of another version of the scenario (another SHA-256) are flagged and left out: their
 * steps need not be the same steps. Pure.
 */
import { basename, extname } from 'node:path';
import type { ReportStepStatus, RunReport } from '../report/run-report.js';
import type { ReadReport } from './read-report.js';

/** One student's row. */
export interface StudentGrade {
  student: string;
  /** The report it comes from. */
  file: string;
  /** Status per step, in step order (`not-reached` for a step the report lacks). */
  steps: ReportStepStatus[];
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

function studentRow(file: string, report: RunReport, steps: ClassGrade['steps']): StudentGrade {
  const predictions = report.steps.flatMap((s) => s.predictions ?? []);
  return {
    student: studentOf(file, report),
    file,
    steps: steps.map((s) => report.steps.find((r) => r.number === s.number)?.status ?? 'not-reached'),
    hintsUsed: report.steps.reduce((n, s) => n + (s.hintsUsed ?? 0), 0),
    predictions: predictions.length,
    predictionsRight: predictions.filter((p) => p.right).length,
    timeMs: report.durationMs,
  };
}

const short = (sha: string) => sha.slice(0, 12);

/**
 * Merges the reports.
 * @param read every report given, read or not (see readReport)
 * @param version the SHA-256 to grade (`--scenario FILE`'s); default: the version most reports are of
 * @returns the table; when no report is of `version`, it has no students and every report is flagged
 */
export function gradeClass(read: readonly ReadReport[], version?: string): ClassGrade {
  const flagged: FlaggedReport[] = [];
  const good: Array<{ file: string; report: RunReport }> = [];
  for (const r of read) {
    if (r.ok) good.push(r);
    else flagged.push({ file: r.file, reason: r.problem });
  }
  const sha = version ?? commonVersion(good);
  const graded = good.filter((g) => g.report.scenario.sha256 === sha);
  for (const g of good) {
    if (g.report.scenario.sha256 === sha) continue;
    flagged.push({
      file: g.file,
      student: studentOf(g.file, g.report),
      reason: `another version of the scenario (sha256 ${short(g.report.scenario.sha256)}…, graded: ${sha ? short(sha) : '?'}…): not graded`,
    });
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
