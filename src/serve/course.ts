/**
 * The course `nslab serve` offers: the scenarios of its directories or files, in the order
 * `nslab list` shows them, each with an id for its URL, whether this machine has what it needs,
 * and the student's progress (the same store as `practice`). Lesson ids are the only way from a
 * URL to a file: a URL never names a path.
 */
import { listScenarios } from '../lint/list-scenarios.js';
import { openProgressStore, type ProgressStore } from '../progress/progress-store.js';
import { resumePoint } from '../progress/resume-point.js';
import { lessonName } from '../scenario/find-lesson.js';
import { fileIdentity } from '../util/file-identity.js';
import { isFinished } from '../verify/outcome.js';
import type { CourseEntry } from '../view/web/pages.js';

/** A lesson of the course: its id and file. */
export interface CourseLesson {
  id: string;
  file: string;
}

/** The course as listed now. */
export interface Course {
  /** Each scenario, in listing order; one that does not parse has `errors` and no lesson. */
  entries: CourseEntry[];
  /** The lessons by id. */
  lessons: Map<string, CourseLesson>;
}

/** A lesson's id from its file: its name (`l3-router`), made unique among `taken` with `-2`, `-3`... */
export function lessonId(file: string, taken: ReadonlySet<string>): string {
  const base = lessonName(file).replace(/[^A-Za-z0-9._-]/g, '-') || 'lesson';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** The student's progress in one scenario version; undefined when there is none (or the store cannot be read). */
async function progressOf(store: ProgressStore | undefined, file: string, total: number): Promise<CourseEntry['progress']> {
  if (!store) return undefined;
  try {
    const record = await store.load(await fileIdentity(file));
    if (!record) return undefined;
    const decision = resumePoint(record, total);
    return { finished: record.steps.filter((s) => isFinished(s.status)).length, total, ...(decision.resume && { resumeAt: decision.at }) };
  } catch {
    return undefined;
  }
}

/**
 * Lists the course (see the module comment). A file that does not parse is listed with its
 * count of errors and no lesson to open (`nslab lint` says what they are).
 * @param paths directories and files, as `nslab list` takes them
 * @throws UsageError when a path does not exist
 */
export async function listCourse(paths: readonly string[]): Promise<Course> {
  const rows = await listScenarios(paths);
  const store = await openProgressStore().catch(() => undefined);
  const lessons = new Map<string, CourseLesson>();
  const entries: CourseEntry[] = [];
  const taken = new Set<string>();
  for (const row of rows) {
    const id = lessonId(row.file, taken);
    taken.add(id);
    if (!row.parses) {
      entries.push({ id, title: lessonName(row.file), steps: 0, missing: [], errors: row.errors, file: row.file });
      continue;
    }
    lessons.set(id, { id, file: row.file });
    const progress = await progressOf(store, row.file, row.steps);
    entries.push({
      id, title: row.title, steps: row.steps, missing: row.missing,
      ...(row.description !== undefined && { description: row.description }),
      ...(progress && { progress }),
    });
  }
  return { entries, lessons };
}
