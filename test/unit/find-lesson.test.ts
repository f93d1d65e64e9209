import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { yesNotice } from '../../src/cli/yes-notice.js';
import type { ScenarioListing } from '../../src/lint/list-scenarios.js';
import { formatScenarioList } from '../../src/view/terminal/format-scenario-list.js';
import { bundledCourseDir, defaultLessonDir, findLesson } from '../../src/scenario/find-lesson.js';
import { findScenarioFiles } from '../../src/scenario/find-scenario-files.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { UsageError } from '../../src/util/errors.js';
import { ROOT } from '../helpers/run-cli.js';

const COURSE = join(ROOT, 'scenarios');
const LESSON = '---\ntitle: Mine\n---\n## S\n```check\nnamespace A is absent\n```\n';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'nslab-lesson-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('findLesson: an existing path wins, else a bare name in ./scenarios, then the bundled course', () => {
  it('the bundled course is the scenarios/ of the installation', () => {
    expect(bundledCourseDir()).toBe(COURSE);
  });

  it('finds a bare name, with or without .md, in the bundled course when there is no ./scenarios', () => {
    expect(findLesson('l3-router', cwd)).toBe(join(COURSE, 'l3-router.md'));
    expect(findLesson('l3-router.md', cwd)).toBe(join(COURSE, 'l3-router.md'));
  });

  it('a lesson of ./scenarios comes first (its path as typed), then the course for the others', () => {
    mkdirSync(join(cwd, 'scenarios'));
    writeFileSync(join(cwd, 'scenarios', 'l3-router.md'), LESSON);
    writeFileSync(join(cwd, 'scenarios', 'mine.md'), LESSON);
    expect(findLesson('l3-router', cwd)).toBe('scenarios/l3-router.md');
    expect(findLesson('mine', cwd)).toBe('scenarios/mine.md');
    expect(findLesson('nat', cwd)).toBe(join(COURSE, 'nat.md'));
  });

  it('leaves an existing path, and any path with a slash, as given', () => {
    writeFileSync(join(cwd, 'l3-router'), LESSON);
    expect(findLesson('l3-router', cwd)).toBe('l3-router');
    mkdirSync(join(cwd, 'nat'));
    expect(findLesson('nat', cwd)).toBe('nat');
    expect(findLesson('nope/l3-router.md', cwd)).toBe('nope/l3-router.md');
    expect(findLesson('./l2-switch', cwd)).toBe('./l2-switch');
  });

  it('a bare name found nowhere is a usage error naming the lessons and the closest one', () => {
    mkdirSync(join(cwd, 'scenarios'));
    writeFileSync(join(cwd, 'scenarios', 'mine.md'), LESSON);
    let error: unknown;
    try {
      findLesson('l3-rooter', cwd);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const [first, second] = (error as Error).message.split('\n');
    expect(first).toBe('l3-rooter: no such file, and no lesson of that name in ./scenarios or the bundled course; did you mean "l3-router"?');
    expect(second).toMatch(/^ {2}lessons: arp-and-mac, ipv6, l2-switch, l3-router, linux-bridge, mine, nat, policy-routing, /);
    rmSync(join(cwd, 'scenarios'), { recursive: true });
    expect(() => findLesson('zzz', cwd)).toThrow(/^zzz: no such file, and no lesson of that name in the bundled course\n {2}lessons: arp-and-mac,/);
  });

  it('lint, test and list take names too (findScenarioFiles)', async () => {
    const saved = process.cwd();
    process.chdir(cwd);
    try {
      expect(await findScenarioFiles(['l2-switch', 'nat.md'])).toEqual([join(COURSE, 'l2-switch.md'), join(COURSE, 'nat.md')]);
      await expect(findScenarioFiles(['nope'])).rejects.toThrow(/^nope: no such file, and no lesson/);
    } finally {
      process.chdir(saved);
    }
  });
});

describe('nslab list without a directory', () => {
  it('lists ./scenarios when there is one, else the bundled course', () => {
    expect(defaultLessonDir(cwd)).toEqual({ dir: COURSE, course: true });
    mkdirSync(join(cwd, 'scenarios'));
    expect(defaultLessonDir(cwd)).toEqual({ dir: 'scenarios', course: false });
  });

  it('shows the course by lesson name, under two lines saying where it is and how to start a lesson', () => {
    const row: ScenarioListing = { file: join(COURSE, 'l3-router.md'), parses: true, title: 'A router', steps: 8, services: [], requires: [], missing: [] };
    const lines = formatScenarioList([row], new Chalk({ level: 0 }), { course: COURSE }).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      `The course bundled with nslab, in ${COURSE}.`,
      'Start a lesson by its name: nslab run NAME (guided) or nslab practice NAME (you type the commands).',
      '',
    ]);
    expect(lines[3]).toMatch(/^NAME\s+TITLE\s+STEPS/);
    expect(lines[4]).toMatch(/^l3-router\s+A router\s+8\s+-\s+✔$/);
  });
});

describe('run --yes notice', () => {
  it('is not printed for a lesson of the bundled course, from any directory; still for a file elsewhere', async () => {
    expect(yesNotice(await loadScenario(join(COURSE, 'l3-router.md')), cwd)).toBeUndefined();
    writeFileSync(join(cwd, 'mine.md'), LESSON);
    expect(yesNotice(await loadScenario(join(cwd, 'mine.md')), cwd)).toMatch(/^nslab: running .*mine\.md without pauses/);
  });
});
