import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Chalk } from 'chalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeClass, studentOf, type ClassGrade } from '../../src/grade/grade-class.js';
import { jsonErrorAt, readReport, readReports } from '../../src/grade/read-report.js';
import { formatGrade, gradeCsv, gradeCsvRecords } from '../../src/view/terminal/format-grade.js';
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
    students: names.map((student) => ({ student, file: `${student}.json`, steps: ['done', 'not-reached'], earned: 1, hintsUsed: 0, predictions: 0, predictionsRight: 0, timeMs: 1500 })),
    flagged: [],
  });

  it('ends every record with CRLF and quotes only fields with a comma, a quote or a line break', () => {
    expect(gradeCsv(classOf(['plain', 'two\nlines', 'cr\rhere']))).toBe(
      [
        'student,report,"1. One, ""first""",2. Two,steps earned,hints used,predictions right,predictions,time spent (s),note',
        'plain,plain.json,done,not reached,1,0,0,0,2,',
        '"two\nlines","two\nlines.json",done,not reached,1,0,0,0,2,',
        '"cr\rhere","cr\rhere.json",done,not reached,1,0,0,0,2,',
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

function report(
  student: string | undefined,
  sha: string,
  statuses: ReportStepStatus[],
  extra: { finished?: string; hints?: number; right?: boolean; forwarded?: number; scenario?: { title: string; path: string }; mode?: RunReport['mode'] } = {},
): RunReport {
  const steps: ReportStep[] = statuses.map((status, i) => ({
    number: i + 1,
    id: `s${i + 1}`,
    title: `Step ${i + 1}`,
    status,
    fastForwarded: i < (extra.forwarded ?? 0),
    checks: [],
    commands: [],
    hintsUsed: i === 0 ? (extra.hints ?? 0) : 0,
    predictions: extra.right === undefined || i > 0 ? [] : [{ line: 3, command: 'ping', answer: 'succeeds', actual: 'succeeds', right: extra.right }],
    durationMs: 1000,
  }));
  return {
    schemaVersion: 1,
    scenario: { ...(extra.scenario ?? { title: 'Lab', path: '/lab.md' }), sha256: sha },
    ...(student ? { student } : {}),
    user: 'root',
    mode: extra.mode ?? 'practice',
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
    expect(rows[0]).toEqual(['student', 'report', '1. Step 1', '2. Step 2', '3. Step 3', 'steps earned', 'hints used', 'predictions right', 'predictions', 'time spent (s)', 'note']);
    expect(rows[2]!.slice(0, 5)).toEqual(['Grace, "Amazing" Hopper', files[1], 'done', 'not reached', 'not reached']);
    expect(rows[1]!.slice(2, 10)).toEqual(['done', 'solved', 'failed', '1', '2', '1', '1', '300']);
    expect(rows[3]![0]).toBe('linus');
    expect(rows[3]![10]).toMatch(/^another version/);
  });

  it('grades the version asked for, and flags unreadable files with file:line', async () => {
    const files = [
      await file('one.json', report('one', A, ['done'])),
      await file('two.json', report('two', B, ['done'])),
      await file('broken.json', '{\n  "schemaVersion": 1,\n  oops\n}'),
      await file('other.json', { hello: 'world' }),
    ];
    const grade = gradeClass(await Promise.all(files.map(readReport)), { sha256: B, path: '/lab.md' });
    expect(grade.students.map((s) => s.student)).toEqual(['two']);
    const reasons = grade.flagged.map((f) => f.reason);
    expect(reasons[0]).toBe(`${files[2]}:3:3: not valid JSON: expected double-quoted property name`);
    expect(reasons[1]).toBe(`${files[3]}: not an nslab report: expected schemaVersion 1 (an nslab report of this version)`);
    expect(reasons[2]).toMatch(/^another version/);
  });

  it('shows fast-forwarded steps as such, not as done, in the table and the CSV', async () => {
    const files = [await file('ff.json', report('ff', A, ['done', 'done', 'done', 'failed'], { forwarded: 2 }))];
    const grade = gradeClass(await readReports(files));
    expect(grade.students[0]!.steps).toEqual(['fast-forwarded', 'fast-forwarded', 'done', 'failed']);
    expect(gradeCsvRecords(grade)[1]!.slice(2, 6)).toEqual(['fast-forwarded', 'fast-forwarded', 'done', 'failed']);
    const text = formatGrade(grade, new Chalk({ level: 0 }));
    expect(text).toMatch(/^ff +» +» +✔ +✘ +1\/4 +0/m);
    expect(text).toContain('» fast-forwarded');
  });

  it("counts as the student's only what their own commands made hold in practice, not what nslab ran or a check saw", async () => {
    const files = [
      await file('ran.json', report('ran', A, ['done', 'done', 'reading', 'failed'], { mode: 'run' })),
      await file('checked.json', report('checked', A, ['done', 'done', 'reading', 'failed'], { mode: 'check' })),
      await file('practised.json', report('practised', A, ['done', 'solved', 'reading', 'failed'])),
    ];
    // A report of this version names each step's credit itself; one without it is named from its mode.
    const written = report('written', A, ['done', 'done', 'done', 'done']);
    written.steps = written.steps.map((s, i) => ({ ...s, credit: i < 2 ? 'fast-forwarded' : 'done' }));
    files.push(await file('written.json', written));
    const grade = gradeClass(await readReports(files));
    expect(grade.students.map((s) => [s.student, s.steps, s.earned])).toEqual([
      ['ran', ['ran', 'ran', 'read', 'failed'], 0],
      ['checked', ['held', 'held', 'read', 'failed'], 0],
      ['practised', ['done', 'solved', 'read', 'failed'], 1],
      ['written', ['fast-forwarded', 'fast-forwarded', 'done', 'done'], 2],
    ]);
    const text = formatGrade(grade, new Chalk({ level: 0 }));
    expect(text).toMatch(/^ran +R +R +– +✘ +0\/4 /m);
    expect(text).toMatch(/^checked +C +C +– +✘ +0\/4 /m);
    expect(text).toMatch(/^practised +✔ +S +– +✘ +1\/4 /m);
    expect(text).toContain('✔ done by the student  R ran by nslab (run)  C held (check)');
    expect(gradeCsvRecords(grade)[1]!.slice(2, 7)).toEqual(['ran by nslab', 'ran by nslab', 'read', 'failed', '0']);
  });

  it('names the line and column of bad JSON without a copy of the file, whatever form V8 gives', async () => {
    const xml = await file('a.xml', '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="3">\n</testsuites>\n');
    const short = await file('short.json', '{"a": 1,\n "b": x}');
    const cut = await file('cut.json', '{\n  "steps": [1, 2, 3],\n  "student": "ada" "bob",\n  "durationMs": 1\n}');
    const end = await file('end.json', '{\n  "steps": [1, 2');
    const empty = await file('empty.json', '');
    const read = await readReports([xml, short, cut, end, empty]);
    expect(read.map((r) => (r.ok ? 'ok' : r.problem))).toEqual([
      `${xml}:1:1: not valid JSON: unexpected token '<'`,
      `${short}:2:7: not valid JSON: unexpected token 'x'`,
      `${cut}:3:20: not valid JSON: expected ',' or '}' after property value`,
      `${end}:2:17: not valid JSON: expected ',' or ']' after array element`,
      `${empty}:1:1: not valid JSON: unexpected end of input`,
    ]);
  });

  it('puts LINE:COL at the first bad character of any JSON text', () => {
    const value = fc.array(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(true, false, null)), { maxLength: 30 });
    fc.assert(fc.property(value, fc.integer({ min: 0, max: 4 }), fc.nat(), (v, indent, at) => {
      const good = JSON.stringify(v, null, indent);
      const i = at % (good.length + 1);
      const text = good.slice(0, i) + '@' + good.slice(i);
      let message = '';
      try {
        JSON.parse(text);
      } catch (error) {
        message = (error as Error).message;
      }
      const { offset, reason } = jsonErrorAt(text, message);
      expect(offset).toBe(i);
      expect(reason).not.toContain('"'); // no copy of the input

    }));
  });

  it('calls a report of another scenario so, and grades a file named twice once', async () => {
    const ada = await file('ada2.json', report('ada', A, ['done']));
    const grace = await file('grace2.json', report('grace', A, ['done']));
    const switchReport = await file('sw.json', report('bob', B, ['done'], { scenario: { title: 'A learning switch', path: '/home/bob/l2-switch.md' } }));
    const edited = await file('v2.json', report('cy', B, ['done'], { scenario: { title: 'Lab, revised', path: '/home/cy/lab.md' } }));
    const grade = gradeClass(await readReports([ada, join(dir, '.', 'ada2.json'), grace, switchReport, edited]));
    expect(grade.students.map((s) => s.student)).toEqual(['ada', 'grace']);
    expect(grade.flagged.map((f) => f.reason)).toEqual([
      'a report of another scenario (l2-switch.md, graded: lab.md): not graded',
      `another version of the scenario (sha256 ${'b'.repeat(12)}…, graded: ${'a'.repeat(12)}…): not graded`,
    ]);
    // With --scenario and no report of it, the file named is the reference.
    const wanted = gradeClass(await readReports([switchReport]), { sha256: A, path: 'scenarios/lab.md' });
    expect(wanted.flagged[0]!.reason).toMatch(/^a report of another scenario \(l2-switch\.md/);
  });

  it('gives the reason before the verdict when nothing can be graded', async () => {
    const xml = await file('only.xml', '<testsuites/>');
    const text = formatGrade(gradeClass(await readReports([xml])), new Chalk({ level: 0 }));
    expect(text).toBe(`⚠ ${xml}:1:1: not valid JSON: unexpected token '<'\nno report to grade: every one given is left out (above)\n`);
  });

  it('names a student after the file when the report does not', () => {
    expect(studentOf('/class/ada-lovelace.json', report(undefined, A, []))).toBe('ada-lovelace');
    expect(studentOf('/class/x.json', report('  Ada ', A, []))).toBe('Ada');
  });
});
