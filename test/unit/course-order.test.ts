import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { orderByCourse, parseCourseFile } from '../../src/scenario/course-order.js';
import { findScenarioFiles } from '../../src/scenario/find-scenario-files.js';
import { UsageError } from '../../src/util/errors.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A directory with these files (path → text). */
function directory(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nslab-course-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('course order', () => {
  it('takes the listed lessons in the listed order, then the others sorted', async () => {
    const dir = directory({ 'course.yaml': 'lessons:\n  - z.md\n  - sub/b.md\n', 'a.md': '', 'z.md': '', 'sub/b.md': '', 'c.md': '' });
    expect(await orderByCourse(dir, ['a.md', 'c.md', 'sub/b.md', 'z.md'])).toEqual(['z.md', 'sub/b.md', 'a.md', 'c.md']);
    expect(await findScenarioFiles([dir])).toEqual(['z.md', 'sub/b.md', 'a.md', 'c.md'].map((f) => join(dir, f)));
  });

  it('sorts by path without a course file', async () => {
    const dir = directory({ 'b.md': '', 'a.md': '' });
    expect(await orderByCourse(dir, ['b.md', 'a.md'])).toEqual(['a.md', 'b.md']);
  });

  it('names the line of a lesson that is not there', async () => {
    const dir = directory({ 'course.yaml': '# order\nlessons:\n  - a.md\n  - gone.md\n', 'a.md': '' });
    await expect(orderByCourse(dir, ['a.md'])).rejects.toThrow(`${join(dir, 'course.yaml')}:4: lists "gone.md", which is not in ${dir}`);
  });

  it.each([
    ['lessons: a.md\n', 1, 'expected `lessons:` and under it a list of lesson files'],
    ['title: x\n', 1, 'expected `lessons:`'],
    ['lessons:\n  - a.md\n  - ./a.md\n', 3, '"./a.md" is listed twice (first on line 2)'],
    ['lessons:\n  - ../x.md\n', 2, 'is not a lesson of this directory'],
    ['lessons:\n  - notes.txt\n', 2, 'expected the path of a .md file below it'],
    ['lessons:\n  - a.md\n\t- b.md\n', 3, 'invalid YAML'],
  ])('refuses %j with its line and what was expected', async (source, line, message) => {
    const error = await parseCourseFile(source, 'course.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(new RegExp(`^course\\.yaml:${line}: `));
    expect((error as Error).message).toContain(message);
  });

  it('lists every bundled lesson in scenarios/course.yaml', async () => {
    const root = join(import.meta.dirname, '../../scenarios');
    const files = await findScenarioFiles([root]);
    const { readFileSync } = await import('node:fs');
    const listed = await parseCourseFile(readFileSync(join(root, 'course.yaml'), 'utf8'), 'scenarios/course.yaml');
    expect(files.map((f) => f.slice(root.length + 1))).toEqual(listed);
  });
});
