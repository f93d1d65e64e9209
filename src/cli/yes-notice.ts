/**
 * `run --yes` on a file from elsewhere: a one-line notice of what is about to run without a
 * pause, so a downloaded scenario does not run root commands unseen.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { runnableCommands } from '../scenario/scenario-commands.js';
import { bundledCourseDir } from '../scenario/find-lesson.js';
import type { Scenario } from '../scenario/model.js';

/** The real path, or the resolved one when it cannot be read (then it is not under anything real). */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Whether `file` (a real path) lies below `dir`. */
function isUnder(file: string, dir: string): boolean {
  const rel = relative(real(dir), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * The notice for a scenario run with `--yes`, or undefined when the file is under the current
 * directory's `scenarios/` or is a lesson of the course bundled with nslab (symbolic links
 * resolved, so a link there to a file elsewhere still gets the notice).
 * @param cwd the current directory (process.cwd() by default).
 * @returns e.g. `nslab: running /home/u/Downloads/x.md without pauses: 12 commands (it is not
 *   under ./scenarios/)` — one line, for stderr.
 */
export function yesNotice(scenario: Scenario, cwd = process.cwd()): string | undefined {
  const file = real(scenario.file);
  if (isUnder(file, join(cwd, 'scenarios')) || isUnder(file, bundledCourseDir())) return undefined;
  const n = runnableCommands(scenario).length;
  return `nslab: running ${file} without pauses: ${n} command${n === 1 ? '' : 's'} (it is not under ./scenarios/; \`nslab run --dry-run\` lists them)`;
}
