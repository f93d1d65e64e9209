/**
 * `--report FILE`: writes a run's report as JSON (docs/report.schema.json), JUnit XML or HTML,
 * chosen by `--report-format` or else by the file's extension (`.xml`: JUnit; `.html`/`.htm`:
 * HTML; anything else: JSON).
 */
import { access, constants, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { UsageError } from '../util/errors.js';
import { canWriteAsUser, writeFileAsUser } from '../util/as-invoking-user.js';
import { sudoOwner, type SudoOwner } from '../util/sudo-owner.js';
import { writeFileAtomic } from '../util/write-file-atomic.js';
import type { RunReport } from './run-report.js';

/** The formats `--report` writes. */
export type ReportFormat = 'json' | 'junit' | 'html';

const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'junit', 'html'];

/** The format a file's extension implies. */
function formatOfExtension(file: string): ReportFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.xml') return 'junit';
  return ext === '.html' || ext === '.htm' ? 'html' : 'json';
}

/**
 * Decides the format.
 * @param file the report's path
 * @param explicit `--report-format`, when given
 * @throws UsageError for a format other than `json`, `junit` or `html`
 */
export function reportFormat(file: string, explicit?: string): ReportFormat {
  if (explicit === undefined) return formatOfExtension(file);
  if ((REPORT_FORMATS as readonly string[]).includes(explicit)) return explicit as ReportFormat;
  throw new UsageError(`--report-format ${explicit}: expected json, junit or html`);
}

/**
 * Checks, before a run, that a file can be written where the user asked: its directory exists
 * and is writable (access(2) with W_OK), so that minutes of a run are not lost to a typo.
 * @param option the option that named it (`--report`, `--csv`), for the message
 * @throws UsageError naming the file and what is wrong
 */
export async function assertWritable(file: string, option: string): Promise<void> {
  // A directory given as the file would fail only when the report is written, after the run.
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`${option} ${file}: that is a directory; give a file name, e.g. ${join(file, 'report.json')}`);
  const dir = dirname(file);
  // Under sudo the file is written with the invoking user's rights (writeReport): theirs decide.
  const owner = await sudoOwner();
  if (owner) {
    if (!(await canWriteAsUser(owner, dir))) throw new UsageError(`${option} ${file}: ${owner.name} cannot write in ${dir} (nslab writes reports under sudo with the rights of the user who ran it)`);
    return;
  }
  try {
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `the directory ${dir} does not exist` : `the directory ${dir} is not writable (${code})`;
    throw new UsageError(`${option} ${file}: ${why}`);
  }
}

/**
 * Renders reports in a format.
 * @throws UsageError for JSON or HTML with more than one report (they hold one scenario run;
 *   JUnit holds any number)
 */
export async function renderReport(reports: readonly RunReport[], format: ReportFormat): Promise<string> {
  if (format === 'junit') {
    // xmlbuilder2 is the largest module nslab has: load it only for JUnit, not on every run, whose
    // progress recording goes through this module (docs/performance.md, "Costs behind the code").
    const { junitFromReports } = await import('./junit-run-report.js');
    return junitFromReports(reports);
  }
  const [report] = reports;
  if (reports.length !== 1 || !report) {
    const name = format === 'html' ? 'an HTML' : 'a JSON';
    throw new UsageError(`${name} report holds one scenario, and this run has ${reports.length}: give one scenario, or write JUnit XML (a .xml file)`);
  }
  // The HTML renderer has a Markdown parser of its own: every run records its progress through
  // this module, and must not set that up (a cost at every start) for nothing.
  if (format === 'html') return (await import('./html/render-html-report.js')).renderHtmlReport(report);
  return JSON.stringify(report, null, 2) + '\n';
}

/**
 * Writes a file the person asked for (a report, a CSV) whole, readable by all (0644). Under sudo
 * it is written with the rights of the person who ran sudo, and so is theirs: root writing by
 * name could be sent anywhere (`--report /root/.bashrc`, a link in their directory).
 * @param owner see sudoOwner() (default: looked up); null writes as the process's own user
 * @throws Error (the fs error, or the child's message under sudo) when it cannot be written
 */
export async function writeRequestedFile(file: string, text: string, owner?: SudoOwner | null): Promise<void> {
  const as = owner === undefined ? await sudoOwner() : (owner ?? undefined);
  if (as) await writeFileAsUser(as, file, text, 0o644);
  else await writeFileAtomic(file, text, 0o644);
}

/**
 * Writes the report file whole (a grader never reads half of one), readable by all (0644), and
 * under sudo as the person who ran sudo ({@link writeRequestedFile}).
 * @param file where to write
 * @param owner see sudoOwner() (default: looked up); null writes as the process's own user
 * @throws UsageError as renderReport does, and when the file cannot be written
 */
export async function writeReport(file: string, reports: readonly RunReport[], format: ReportFormat, owner?: SudoOwner | null): Promise<void> {
  const text = await renderReport(reports, format);
  try {
    await writeRequestedFile(file, text, owner);
  } catch (error) {
    throw new UsageError(`--report ${file}: cannot write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
