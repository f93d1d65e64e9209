import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-lint-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const FIXTURES = join(ROOT, 'test/fixtures/lint');

function scenario(name: string, text: string): string {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}

/** The fixture with ten mistakes, copied beside WARNS so that it sorts first. */
const TEN = scenario('a-ten-mistakes.md', readFileSync(join(FIXTURES, 'ten-mistakes.md'), 'utf8'));
/** Parses without errors, one `requires` warning. */
const WARNS = scenario('warns.md', `---\ntitle: Warns\nrequires: [ip]\n---\n## Step\n\`\`\`sh {output="x"}\nifconfig -a\n\`\`\`\n`);

describe('nslab lint', () => {
  it('prints only the zero count for the bundled scenarios and exits 0', async () => {
    const run = await runCli(['lint', 'scenarios/']);
    // Every bundled scenario, however many the library holds.
    const count = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.md')).length;
    expect(count).toBeGreaterThan(2);
    expect(run.stdout).toBe(`0 problems in ${count} files\n`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('prints every problem as FILE:LINE:COL: severity: message, then the count, and exits 1 on errors', async () => {
    const file = TEN;
    const expected = readFileSync(join(FIXTURES, 'ten-mistakes.problems'), 'utf8').split('\n').filter((l) => l !== '');
    const run = await runCli(['lint', file, WARNS]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe(`${file}:12:1: warning: "ifconfig" is used on line 12 but not listed in requires [requires]`);
    expect(lines[6]).toBe(`${file}:44:8: error: unknown attribute "exti"; did you mean "exit"?`);
    // Every problem of the fixture, with its line and column, in order.
    expect(lines.slice(0, 10).map((l) => l.replace(`${file}:`, '').replace(/^(\d+):(\d+): (\w+): /, '$1:$2 $3 '))).toEqual(
      expected.map((e) => e.replace(/^(\S+ \w+) ([\w-]+): (.*)$/, (_, where: string, rule: string, msg: string) =>
        `${where} ${msg}${where.endsWith('warning') ? ` [${rule}]` : ''}`)),
    );
    expect(lines[10]).toBe(`${WARNS}:7:1: warning: "ifconfig" is used on line 7 but not listed in requires [requires]`);
    expect(lines[11]).toBe('4 errors, 7 warnings in 2 files');
  });

  it('exits 0 when there are warnings only', async () => {
    const run = await runCli(['lint', WARNS]);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('1 warning in 1 file');
  });

  it('--format json prints the problems as a JSON array and nothing else', async () => {
    const run = await runCli(['lint', '--format', 'json', TEN, WARNS]);
    expect(run.code).toBe(1);
    const problems = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(problems).toHaveLength(11);
    for (const p of problems) expect(Object.keys(p).sort()).toEqual(['column', 'file', 'line', 'message', 'rule', 'severity']);
    expect(problems[10]).toEqual({
      file: WARNS, line: 7, column: 1, severity: 'warning', rule: 'requires',
      message: '"ifconfig" is used on line 7 but not listed in requires',
    });
    const clean = await runCli(['lint', '--format', 'json', 'scenarios']);
    expect(JSON.parse(clean.stdout)).toEqual([]);
    expect(clean.code).toBe(0);
  });

  it('exits 2 for a path that does not exist and for a bad --format', async () => {
    const missing = await runCli(['lint', join(work, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file or directory');
    expect((await runCli(['lint', '--format', 'xml', 'scenarios'])).code).toBe(2);
    expect((await runCli(['lint'])).code).toBe(2);
  });
});

describe('nslab list', () => {
  it('lists every bundled scenario, runnable on this machine, in aligned columns, each with its description', async () => {
    const run = await runCli(['list']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    const rows = lines.filter((l) => !l.startsWith(' '));
    const bundled = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.md'));
    expect(rows).toHaveLength(bundled.length + 1);
    expect(rows[0]).toMatch(/^FILE\s+TITLE\s+STEPS\s+SERVICES\s+PROGRAMS$/);
    // In the course's order (scenarios/course.yaml), which lists every bundled lesson.
    const course = readFileSync(join(ROOT, 'scenarios/course.yaml'), 'utf8').match(/^  - (\S+\.md)$/gm)!.map((l) => l.slice(4));
    expect([...course].sort()).toEqual(bundled.sort());
    expect(rows.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(course.map((f) => `scenarios/${f}`));
    for (const row of rows.slice(1)) expect(row).toMatch(/\s✔$/);
    expect(rows).toContainEqual(expect.stringMatching(/^scenarios\/l2-switch\.md\s+A layer-2 switch with Open vSwitch\s+7\s+openvswitch\s+✔$/));
    expect(rows).toContainEqual(expect.stringMatching(/^scenarios\/l3-router\.md\s+A layer-3 router between two subnets\s+8\s+-\s+✔$/));
    // Each scenario row is followed by its one-line description, indented.
    const l3 = lines.findIndex((l) => l.startsWith('scenarios/l3-router.md'));
    expect(lines[l3 + 1]).toMatch(/^ {4}Two hosts on different subnets reach each other through a router/);
    // Aligned: every column starts at the same place on every row.
    for (const word of ['TITLE', 'STEPS', 'SERVICES', 'PROGRAMS']) {
      const col = rows[0]!.indexOf(word);
      for (const line of rows.slice(1)) expect(line[col - 1]).toBe(' '), expect(line[col]).not.toBe(' ');
    }
  });

  it('names missing programs, and a file that does not parse', async () => {
    const dir = join(work, 'listing');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.md'), `---\ntitle: Needs a tool\nrequires: [ip, nslab-no-such-program]\n---\n## S\n\`\`\`check\nnamespace A is absent\n\`\`\`\n`);
    writeFileSync(join(dir, 'b.md'), `---\ntitle: Broken\nrequire: [ip]\n---\n## S\n\`\`\`sh {exti=1}\ntrue\n\`\`\`\n`);
    const run = await runCli(['list', dir]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(/a\.md\s+Needs a tool\s+1\s+-\s+✘ missing: nslab-no-such-program$/);
    expect(lines[2]).toBe(`${join(dir, 'b.md')}  ✘ does not parse (2 errors): run nslab lint ${join(dir, 'b.md')}`);

    const json = JSON.parse((await runCli(['list', '--format', 'json', dir])).stdout) as unknown[];
    expect(json).toEqual([
      { file: join(dir, 'a.md'), parses: true, title: 'Needs a tool', steps: 1, services: [], requires: ['ip', 'nslab-no-such-program'], missing: ['nslab-no-such-program'] },
      { file: join(dir, 'b.md'), parses: false, errors: 2 },
    ]);
  });

  it('exits 2 for a directory that does not exist', async () => {
    expect((await runCli(['list', join(work, 'nope')])).code).toBe(2);
  });
});
