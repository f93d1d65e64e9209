/**
 * The scenario files named on the command line: files as given, directories searched for
 * `*.md` below them, lesson names looked up (find-lesson.ts).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { UsageError } from '../util/errors.js';
import { orderByCourse } from './course-order.js';
import { findLesson } from './find-lesson.js';

/**
 * Expands FILE|DIR arguments into scenario files.
 * @param paths files, directories and lesson names (`l3-router`), as given
 * @returns the files in argument order, each directory's `*.md` files (at any depth, dot
 *   directories and node_modules excepted) in the order of its `course.yaml` (course-order.ts),
 *   the others sorted by path, so every run takes them in the same order; a file named twice
 *   appears once
 * @throws UsageError for a path that does not exist and is no lesson name, a directory
 *   without any `*.md`, or a bad `course.yaml`
 */
export async function findScenarioFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const path = findLesson(given);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new UsageError(`${path}: no such file or directory`);
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const found = await glob('**/*.md', { cwd: path, ignore: ['**/node_modules/**'] });
    if (found.length === 0) throw new UsageError(`${path}: no scenario (*.md) in this directory`);
    files.push(...(await orderByCourse(path, found)).map((f) => join(path, f)));
  }
  return [...new Set(files)];
}
