/**
 * The order of a directory's lessons: its `course.yaml`, when it has one, lists the lesson
 * files in the order a student takes them (as mdBook's SUMMARY.md or Killercoda's
 * structure.json order a course's pages):
 *
 * ```yaml
 * lessons:
 *   - l2-switch.md
 *   - l3-router.md
 * ```
 *
 * Paths are relative to the directory. Lessons it does not list come after the listed ones,
 * sorted by path. Without the file, every lesson is sorted by path.
 */
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { UsageError } from '../util/errors.js';

/** The name of the file that orders a directory's lessons. */
export const COURSE_FILE = 'course.yaml';

/** One line of `lessons:` in a course file: the path as written, and its 1-based line. */
interface ListedLesson {
  path: string;
  line: number;
}

/**
 * Reads the lessons a course file lists.
 * @param source the file's text
 * @param file its path, for messages
 * @returns the listed paths, in order, relative to the file's directory
 * @throws UsageError naming `FILE:LINE` for invalid YAML, a missing or malformed `lessons:` list,
 *   a path that leaves the directory or is not a `.md` file, or a lesson listed twice
 */
export async function parseCourseFile(source: string, file: string): Promise<string[]> {
  // js-yaml through gray-matter (already a dependency, for front matter): loaded only when a
  // directory has a course file, so that listing or linting without one never pays for it.
  const { default: matter } = await import('gray-matter');
  const lines = source.split('\n');
  let data: unknown;
  try {
    // Options (even empty) turn off gray-matter's cache, which would share objects between calls.
    data = matter(`---\n${source}\n---\n`, {}).data;
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    // YAML line k (0-based) is the rest of the opening `---` line for k = 0, file line k after.
    throw new UsageError(`${file}:${Math.max(1, mark?.line ?? 1)}: invalid YAML: ${reason}`);
  }
  const lessons = (data as { lessons?: unknown } | null)?.lessons;
  const lessonsLine = lines.findIndex((l) => /^lessons[ \t]*:/.test(l)) + 1 || 1;
  if (!Array.isArray(lessons) || lessons.some((l) => typeof l !== 'string')) {
    throw new UsageError(`${file}:${lessonsLine}: expected \`lessons:\` and under it a list of lesson files (\`- l3-router.md\`), in the order a student takes them`);
  }
  const listed: ListedLesson[] = lessons.map((path: string) => ({ path, line: lineOf(lines, path, lessonsLine) }));
  const seen = new Map<string, number>();
  for (const { path, line } of listed) {
    const clean = normalize(path);
    if (!path.endsWith('.md') || clean.startsWith('..') || clean.startsWith('/')) {
      throw new UsageError(`${file}:${line}: "${path}" is not a lesson of this directory: expected the path of a .md file below it`);
    }
    const earlier = seen.get(clean);
    if (earlier !== undefined) throw new UsageError(`${file}:${line}: "${path}" is listed twice (first on line ${earlier})`);
    seen.set(clean, line);
  }
  return listed.map((l) => normalize(l.path));
}

/** The line of a list item naming `path` (after the `lessons:` line), or that line. */
function lineOf(lines: readonly string[], path: string, after: number): number {
  const i = lines.findIndex((l, n) => n >= after && l.replace(/^\s*-\s*/, '').replace(/^(["'])(.*)\1\s*$/, '$2').trim() === path);
  return i < 0 ? after : i + 1;
}

/**
 * Orders a directory's lesson files by its course file.
 * @param dir the directory
 * @param found the `.md` files found below it, relative to it
 * @returns `found` in course order: the listed ones as listed, then the others sorted by path
 * @throws UsageError for a course file that does not parse (see {@link parseCourseFile}) or that
 *   lists a lesson that is not there
 */
export async function orderByCourse(dir: string, found: readonly string[]): Promise<string[]> {
  const file = join(dir, COURSE_FILE);
  const source = await readFile(file, 'utf8').catch(() => undefined);
  const rest = found.map((f) => normalize(f)).sort();
  if (source === undefined) return rest;
  const listed = await parseCourseFile(source, file);
  const present = new Set(rest);
  const lines = source.split('\n');
  for (const path of listed) {
    if (!present.has(path)) throw new UsageError(`${file}:${lineOf(lines, path, 1)}: lists "${path}", which is not in ${dir}`);
  }
  const inCourse = new Set(listed);
  return [...listed, ...rest.filter((f) => !inCourse.has(f))];
}
