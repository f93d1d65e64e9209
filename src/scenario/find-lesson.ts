/**
 * Scenarios named by a bare lesson name (`nslab run l3-router`) rather than a path, and the
 * course that ships with nslab. The rule, for every command that takes a scenario file:
 *
 * 1. a path that exists (file or directory) is used as given, whatever it looks like;
 * 2. otherwise a bare name (no `/`; a trailing `.md` is optional) is looked up as `NAME.md` in
 *    `./scenarios/`, then in the bundled course;
 * 3. anything else is left as given, for the command to report as a missing file — except a
 *    bare name found nowhere, which is an error naming the lessons there are.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { didYouMean } from '../util/closest.js';
import { UsageError } from '../util/errors.js';

/**
 * The course bundled with nslab: the `scenarios/` directory of its installation, two levels
 * above this module whether it runs from src/, dist/ or the dist/bundle/ bundle (package.json
 * `files` ships it).
 * @returns an absolute path
 */
export function bundledCourseDir(): string {
  return fileURLToPath(new URL('../../scenarios', import.meta.url));
}

/** What `stat` says of a path: a directory, another kind of file, or nothing there. */
function kind(path: string): 'dir' | 'file' | undefined {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

/** The lesson names (`*.md` without the extension) directly in `dir`, sorted; none when it cannot be read. */
function lessonNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.slice(0, -3))
      .sort();
  } catch {
    return [];
  }
}

/**
 * The directories a bare name is looked up in, in order: `./scenarios/` (only when it is a
 * directory) and the bundled course.
 * @param cwd the working directory
 * @returns each with the path to show for a lesson found in it: relative for ./scenarios (as
 *   a person would type it), absolute for the course
 */
function lessonDirs(cwd: string): Array<{ dir: string; shown: (name: string) => string }> {
  const local = join(cwd, 'scenarios');
  const course = bundledCourseDir();
  return [
    ...(kind(local) === 'dir' ? [{ dir: local, shown: (name: string) => join('scenarios', `${name}.md`) }] : []),
    { dir: course, shown: (name: string) => join(course, `${name}.md`) },
  ];
}

/**
 * Turns a command-line scenario argument into the path to read (see the module comment).
 * @param arg a path, or a bare lesson name such as `l3-router`
 * @param cwd the working directory (default: process.cwd())
 * @returns the path: `arg` itself when it exists or is not a bare name, else the lesson's file
 * @throws UsageError for a bare name that is no lesson, listing the lessons and the closest one
 */
export function findLesson(arg: string, cwd = process.cwd()): string {
  if (kind(resolve(cwd, arg)) !== undefined || arg.includes('/') || arg === '' || arg.startsWith('.')) return arg;
  const name = arg.endsWith('.md') ? arg.slice(0, -3) : arg;
  const dirs = lessonDirs(cwd);
  for (const { dir, shown } of dirs) {
    if (kind(join(dir, `${name}.md`)) === 'file') return shown(name);
  }
  const names = [...new Set(dirs.flatMap(({ dir }) => lessonNames(dir)))].sort();
  const where = dirs.length === 2 ? './scenarios or the bundled course' : 'the bundled course';
  throw new UsageError(
    `${arg}: no such file, and no lesson of that name in ${where}${didYouMean(name, names)}` + (names.length > 0 ? `\n  lessons: ${names.join(', ')}` : ''),
  );
}

/**
 * Where `nslab list` looks without a directory: `./scenarios` when there is one, else the
 * bundled course.
 * @param cwd the working directory (default: process.cwd())
 * @returns the directory, and whether it is the bundled course
 */
export function defaultLessonDir(cwd = process.cwd()): { dir: string; course: boolean } {
  return kind(join(cwd, 'scenarios')) === 'dir' ? { dir: 'scenarios', course: false } : { dir: bundledCourseDir(), course: true };
}

/** The lesson name of a scenario file: its file name without `.md`. */
export function lessonName(file: string): string {
  return basename(file, '.md');
}
