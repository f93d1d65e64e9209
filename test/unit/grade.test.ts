import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeClass, studentOf, type ClassGrade } from '../../src/grade/grade-class.js';
import { readReport } from '../../src/grade/read-report.js';
import { gradeCsv, gradeCsvRecords } from '../../src/report/format-grade.js';
import { reportTotals, type ReportStep, type ReportStepStatus, type RunReport } from '../../src/report/run-report.js';

/** An RFC 4180 reader, written from the RFC's grammar, to read our CSV back. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') { i++; break; }
        else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') field += text[i++];
    }
    record.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) (i += 2), records.push(record), (record = []);
    else throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  return records;
}

describe('grade --csv (RFC 4180)', () => {
  /** A class of one student per name, two steps, nothing flagged. */
  const classOf = (names: string[]): ClassGrade => ({
    scenario: { title: 'T', sha256: 'a'.repeat(64) },
    steps: [{ number: 1, title: 'One, "first"' }, { number: 2, title: 'Two' }],
    students: names.map((student) => ({ student, file: `${student}.json`, steps: ['done', 'not-reached'], hintsUsed: 0, predictions: 0, predictionsRight: 0, timeMs: 1500 })),
    flagged: [],
  });

  it('ends every record with CRLF and quotes only fields with a comma, a quote or a line break', () => {
    expect(gradeCsv(classOf(['plain', 'two\nlines', 'cr\rhere']))).toBe(
      [
        'student,report,"1. One, ""first""",2. Two,hints used,predictions right,predictions,time spent (s),note',
        'plain,plain.json,done,not reached,0,0,0,2,',
        '"two\nlines","two\nlines.json",done,not reached,0,0,0,2,',
        '"cr\rhere","cr\rhere.json",done,not reached,0,0,0,2,',
        '',
      ].join('\r\n'),
    );
  });

  it('reads back as the table for any student names', () => {
    const name = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'é'), minLength: 1, maxLength: 6 });
    fc.assert(fc.property(fc.array(name, { minLength: 1, maxLength: 5 }), (names) => {
      const grade = classOf(names);
      expect(parseCsv(gradeCsv(grade))).toEqual(gradeCsvRecords(grade));
    }));
  });
});

function report(student: string | undefined, sha: string, statuses: ReportStepStatus[], extra: { finished?: string; hints?: number; right?: boolean } = {}): RunReport {
  const steps: ReportStep[] = statuses.map((status, i) => ({
    number: i + 1,
    id: `s${i + 1}`,
    title: `Step ${i + 1}`,
    status,
    fastForwarded: false,
    checks: [],
    commands: [],
    hintsUsed: i === 0 ? (extra.hints ?? 0) : 0,
    predictions: extra.right === undefined || i > 0 ? [] : [{ line: 3, command: 'ping', answer: 'succeeds', actual: 'succeeds', right: extra.right }],
    durationMs: 1000,
  }));
  return {
    schemaVersion: 1,
    scenario: { title: 'Lab', path: '/lab.md', sha256: sha },
    ...(student ? { student } : {}),
    user: 'root',
    mode: 'run',
    sandbox: 'private',
    status: 'failed',
    started: '2024-05-01T10:00:00.000Z',
    finished: extra.finished ?? '2024-05-01T10:05:00.000Z',
    durationMs: 300_000,
    steps,
    totals: reportTotals(steps),
  };
}

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('gradeClass', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'nslab-grade-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function file(name: string, content: unknown): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  }

  it('merges one row per student, flags another version and an older report of the same student', async () => {
    const files = [
      await file('ada.json', report(undefined, A, ['done', 'solved', 'failed'], { hints: 2, right: true })),
      await file('x.json', report('Grace, "Amazing" Hopper', A, ['done', 'not-reached', 'not-reached'], { right: false })),
      await file('old-ada.json', report('ada', A, ['failed', 'not-reached', 'not-reached'], { finished: '2024-05-01T09:00:00.000Z' })),
      await file('linus.json', report(undefined, B, ['done', 'done', 'done'])),
    ];
    const grade = gradeClass(await Promise.all(files.map(readReport)));
    expect(grade.scenario.sha256).toBe(A);
    expect(grade.students.map((s) => [s.student, s.steps, s.hintsUsed, s.predictionsRight, s.predictions])).toEqual([
      ['ada', ['done', 'solved', 'failed'], 2, 1, 1],
      ['Grace, "Amazing" Hopper', ['done', 'not-reached', 'not-reached'], 0, 0, 1],
    ]);
    expect(grade.flagged.map((f) => [f.student, f.reason.split(':')[0]])).toEqual([
      ['linus', `another version of the scenario (sha256 ${'b'.repeat(12)}…, graded`],
      ['ada', `an older report of ada (the newer one is ${files[0]})`],
    ]);
    // The CSV keeps names with commas and quotes whole, and lists the flagged reports with their reason.
    const rows = parseCsv(gradeCsv(grade));
    expect(rows[0]).toEqual(['student', 'report', '1. Step 1', '2. Step 2', '3. Step 3', 'hints used', 'predictions right', 'predictions', 'time spent (s)', 'note']);
    expect(rows[2]!.slice(0, 5)).toEqual(['Grace, "Amazing" Hopper', files[1], 'done', 'not reached', 'not reached']);
    expect(rows[1]!.slice(2, 9)).toEqual(['done', 'solved', 'failed', '2', '1', '1', '300']);
    expect(rows[3]![0]).toBe('linus');
    expect(rows[3]![9]).toMatch(/^another version/);
  });

  it('grades the version asked for, and flags unreadable files with file:line', async () => {
    const files = [
      await file('one.json', report('one', A, ['done'])),
      await file('two.json', report('two', B, ['done'])),
      await file('broken.json', '{\n  "schemaVersion": 1,\n  oops\n}'),
      await file('other.json', { hello: 'world' }),
    ];
    const grade = gradeClass(await Promise.all(files.map(readReport)), B);
    expect(grade.students.map((s) => s.student)).toEqual(['two']);
    const reasons = grade.flagged.map((f) => f.reason);
    expect(reasons[0]).toMatch(new RegExp(`^${files[2]}:3:3: not valid JSON`));
    expect(reasons[1]).toBe(`${files[3]}: not an nslab report: expected schemaVersion 1 (an nslab report of this version)`);
    expect(reasons[2]).toMatch(/^another version/);
  });

  it('names a student after the file when the report does not', () => {
    expect(studentOf('/class/ada-lovelace.json', report(undefined, A, []))).toBe('ada-lovelace');
    expect(studentOf('/class/x.json', report('  Ada ', A, []))).toBe('Ada');
  });
});
