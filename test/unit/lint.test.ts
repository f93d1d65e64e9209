import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../../src/lint/lint-files.js';
import { lintSource } from '../../src/lint/lint-source.js';
import { RULES } from '../../src/lint/rules/index.js';
import { formatCount, formatLintText } from '../../src/view/terminal/format-problems.js';
import type { Problem } from '../../src/scenario/model.js';
import { UsageError } from '../../src/util/errors.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/lint');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const format = (p: Problem): string => `${p.line}:${p.column} ${p.severity} ${p.rule}: ${p.message}`;

describe('lintSource: fixtures *.md with *.problems', () => {
  const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.problems'));
  it('has a failing fixture for every rule, a clean one and a ten-mistake one', () => {
    for (const rule of Object.keys(RULES)) expect(names).toContain(`${rule}.problems`);
    expect(names).toContain('clean.problems');
    expect(names).toContain('ten-mistakes.problems');
  });
  for (const name of names) {
    const md = name.replace(/\.problems$/, '.md');
    it(md, () => {
      const problems = lintSource(fixture(md), md);
      expect(problems.map(format)).toEqual(fixture(name).split('\n').filter((l) => l !== ''));
      expect(problems.every((p) => p.file === md)).toBe(true);
    });
  }

  it('reports ten different mistakes, errors and warnings, in one run', () => {
    const problems = lintSource(fixture('ten-mistakes.md'), 'ten-mistakes.md');
    expect(problems).toHaveLength(10);
    expect(new Set(problems.map((p) => p.rule)).size).toBeGreaterThanOrEqual(8);
    expect(problems.filter((p) => p.severity === 'error')).toHaveLength(4);
  });

  it('reports only parser problems when the front matter is invalid', () => {
    const problems = lintSource('---\ntitle: x\nrequire: [ip]\n---\n\n## S\n\n```sh\nifconfig\n```\n', 'f.md');
    expect(problems.map((p) => p.rule)).toEqual(['front-matter']);
  });

  it('accepts \\r\\n line ends and places columns on them', () => {
    const source = '---\r\ntitle: x\r\nrequires: [ip]\r\n---\r\n\r\n## S\r\n\r\n```sh\r\n  ifconfig\r\n```\r\n';
    expect(lintSource(source, 'f.md').filter((p) => p.rule === 'requires').map(format)).toEqual([
      '9:3 warning requires: "ifconfig" is used on line 9 but not listed in requires',
    ]);
  });

  it('finds no problem in the bundled scenarios', () => {
    for (const file of ['l2-switch.md', 'l3-router.md']) {
      const path = join(import.meta.dirname, '../../scenarios', file);
      expect(lintSource(readFileSync(path, 'utf8'), file)).toEqual([]);
    }
  });
});

describe('lintFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nslab-lint-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'b.md'), fixture('norun-only.md'));
  writeFileSync(join(dir, 'a.md'), fixture('ten-mistakes.md'));
  writeFileSync(join(dir, 'notes.txt'), 'not a scenario');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('expands directories to their *.md files, sorted, and sorts problems by file then line', async () => {
    const report = await lintFiles([dir]);
    expect(report.files).toEqual([join(dir, 'a.md'), join(dir, 'sub', 'b.md')]);
    expect(report.problems.map((p) => [p.file, p.line])).toEqual([
      ...lintSource(fixture('ten-mistakes.md'), 'x').map((p) => [join(dir, 'a.md'), p.line]),
      [join(dir, 'sub', 'b.md'), 22],
    ]);
  });

  it('lists a file named twice once', async () => {
    const a = join(dir, 'a.md');
    expect((await lintFiles([a, dir])).files).toEqual([a, join(dir, 'sub', 'b.md')]);
  });

  it('throws UsageError for a path that does not exist', async () => {
    await expect(lintFiles([join(dir, 'nope')])).rejects.toThrow(UsageError);
    await expect(lintFiles([join(dir, 'nope')])).rejects.toThrow(/no such file or directory/);
  });
});

describe('lint rules: what they accept', () => {
  const lint = (body: string, requires = '[ip]'): string[] =>
    lintSource(`---\ntitle: t\nrequires: ${requires}\n---\n${body}`, 'f.md').map(format);

  it('unknown-namespace: a name made at run time may be any namespace', () => {
    expect(lint('## S\n```sh\nfor h in H1 H2; do ip netns add "$h"; done\n```\n```check\nH2: link lo is up\n```\n')).toEqual([]);
  });

  it('unknown-namespace: sees through sudo and ip options', () => {
    expect(lint('## S\n```sh\nsudo ip -4 -n x netns add H1\n```\n```check\nH1: link lo is up\n```\n', '[ip, sudo]')).toEqual([]);
  });

  it('requires: a function defined in a later step is still a function', () => {
    expect(lint('## A\n```sh {exit=any}\nhello\n```\n## B\n```sh {exit=any}\nhello() { echo hi; }\n```\n')).toEqual([]);
  });

  it('requires: norun blocks run nothing, so they need nothing', () => {
    expect(lint('## A\n```sh {exit=any}\ntrue\n```\n```sh {norun}\ntcpdump -i any\n```\n')).toEqual([]);
  });

  it('sees inside bash -c and nsenter: their programs and a ping without -c, at the right column (issue 17, item 4)', () => {
    const body = "## A\n```sh {exit=any}\nbash -c 'ping 10.0.2.2'\nnsenter --net=/run/netns/H1 ping -c 1 10.0.2.2\nip netns exec H1 sh -c \"socat - TCP:10.0.0.1:80\"\n```\n";
    expect(lint(body, '[ip, nsenter]')).toEqual([
      '7:10 warning ping-without-count: ping without -c never ends: add -c 1 (line 7)',
      "8:29 warning ping-without-wait: ping without -W waits 10 s after its last request when no reply comes, and may run into the command's timeout: add -W 1 (line 8)",
      '9:25 warning requires: "socat" is used on line 9 but not listed in requires',
    ]);
  });
});

describe('formatCount and formatLintText', () => {
  const p = (severity: 'error' | 'warning'): Problem => ({ file: 'f.md', line: 1, column: 2, severity, rule: 'r', message: 'm' });

  it.each([
    [[], 2, '0 problems in 2 files'],
    [[p('error')], 1, '1 error in 1 file'],
    [[p('error'), p('error'), p('warning')], 3, '2 errors, 1 warning in 3 files'],
    [[p('warning'), p('warning')], 1, '2 warnings in 1 file'],
  ] as const)('%#: %s', (problems, files, expected) => {
    expect(formatCount({ files: Array.from({ length: files }, (_, i) => `${i}.md`), problems: [...problems] })).toBe(expected);
  });

  it('prints errors as run does and warnings with their rule', () => {
    const text = formatLintText({ files: ['f.md'], problems: [p('error'), p('warning')] }, new Chalk({ level: 0 }));
    expect(text).toBe('f.md:1:2: error: m\nf.md:1:2: warning: m [r]\n1 error, 1 warning in 1 file\n');
  });
});
