import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../src/scenario/index.js';
import type { Problem, Scenario } from '../../src/scenario/model.js';
import { ScenarioError } from '../../src/scenario/problem.js';
import { UsageError } from '../../src/util/errors.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/parser');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const format = (p: Problem): string => `${p.line}:${p.column} ${p.severity} ${p.rule}: ${p.message}`;

describe('parseScenario: problems (fixtures *.md with *.problems)', () => {
  const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.problems'));
  it('has fixtures', () => expect(names.length).toBeGreaterThanOrEqual(8));
  for (const name of names) {
    const md = name.replace(/\.problems$/, '.md');
    it(md, () => {
      const result = parseScenario(fixture(md), md);
      const expected = fixture(name).split('\n').filter((l) => l !== '');
      expect(result.problems.map(format)).toEqual(expected);
      expect(result.problems.every((p) => p.file === md)).toBe(true);
      expect(result.ok).toBe(!expected.some((l) => / error /.test(l)));
    });
  }
});

describe('parseScenario: the full fixture', () => {
  const result = parseScenario(fixture('full.md'), 'full.md');
  if (!result.ok) throw new Error(result.problems.map(format).join('\n'));
  const s: Scenario = result.scenario;

  it('has no problems', () => expect(result.problems).toEqual([]));

  it('reads the front matter', () => {
    expect(s.file).toBe('full.md');
    expect(s.meta).toEqual({
      title: 'Every construct',
      description: 'A fixture that uses each part of the format once.',
      requires: ['ip'],
      kernel: [],
      services: ['openvswitch'],
      timeoutMs: 5000,
      cleanup: 'ip netns del H1 2>/dev/null\ntrue\n',
      cleanupLine: 7,
    });
  });

  it('keeps the introduction source', () => {
    expect(s.introduction).toBe('# Every construct\n\nAn introduction with *emphasis*.');
  });

  it('numbers steps, slugs ids from plain heading text, keeps titles as written', () => {
    expect(s.steps.map((st) => [st.number, st.id, st.title, st.line])).toEqual([
      [1, 'create-h1-and-its-link', 'Create `H1` and its link', 16],
      [2, 'check-it', 'Check it', 49],
      [3, 'background-and-any-exit', 'Background and any exit', 72],
    ]);
  });

  it('takes the explanation from the prose, fences removed, ### headings kept', () => {
    expect(s.steps[0]!.explanation).toBe(
      'First paragraph of the explanation.\n\n### A sub-heading stays in the prose\n\n' +
        '1. A list item with a nested block:\n\n2. Second item.\n\nLast paragraph.',
    );
    expect(s.steps[1]!.explanation).toBe('');
  });

  it('parses run blocks, nested ones included, with attributes and multi-line commands', () => {
    const [nested, main, shown] = s.steps[0]!.blocks;
    expect(nested).toEqual({
      kind: 'run', line: 24, lang: 'sh', content: 'ip netns add H1\n',
      // A fence nested in a list leads with the whole list: its prose is one top-level block.
      lead: 'First paragraph of the explanation.\n\n### A sub-heading stays in the prose\n\n' +
        '1. A list item with a nested block:\n\n2. Second item.',
      expect: { exit: { kind: 'any' } }, norun: false, background: false,
      commands: [{ text: 'ip netns add H1', line: 25 }],
    });
    expect(main).toMatchObject({
      kind: 'run', line: 30, lang: 'sh',
      expect: { exit: { kind: 'nonzero' }, output: 'Network is unreachable' },
      timeoutMs: 2000, retryMs: 1000, norun: false, background: false,
      commands: [
        { text: 'ip link add H1-eth0 \\\n  type veth peer name R-eth1', line: 32 },
        { text: 'if true; then\n  echo yes\nfi', line: 35 },
        { text: "cat <<'EOF'\nliteral $HOME\nEOF", line: 38 },
      ],
    });
    expect(shown).toEqual({ kind: 'shown', line: 45, lang: 'text', content: ' H1 ─── R\n', lead: 'Last paragraph.' });
    expect(s.steps[0]!.outro).toBe('');
  });

  it('parses transcripts, checks and language-less blocks', () => {
    const [transcript, check, shown] = s.steps[1]!.blocks;
    expect(transcript).toEqual({
      kind: 'transcript', line: 51, lang: 'console', content: expect.any(String), lead: '',
      expect: { exit: { kind: 'code', code: 0 }, match: /ttl=\d+/ }, norun: true, background: false,
      entries: [
        {
          command: { text: 'ip netns exec H1 ping -c 1 10.0.1.1', line: 52 },
          expected: [
            { kind: 'text', text: 'PING 10.0.1.1 (10.0.1.1) 56(84) bytes of data.' },
            { kind: 'any-lines' },
            { kind: 'regex', source: '64 bytes from 10.0.1.1: icmp_seq=1 ttl=\\d+ time=.* ms', regex: /^(?:64 bytes from 10.0.1.1: icmp_seq=1 ttl=\d+ time=.* ms)$/ },
          ],
          expectedLine: 53,
        },
        { command: { text: 'sysctl net.ipv4.ip_forward', line: 57 }, expected: [{ kind: 'text', text: 'net.ipv4.ip_forward = 0' }], expectedLine: 58 },
      ],
    });
    expect(check).toEqual({
      kind: 'check', line: 61, lang: 'check', content: expect.any(String), lead: '',
      checks: [
        { source: 'H1: link H1-eth0 is up', line: 63, namespace: 'H1', predicate: { kind: 'link-state', ifname: 'H1-eth0', up: true } },
        { source: 'R: sysctl net.ipv4.ip_forward = 1 within 2s', line: 65, namespace: 'R', predicate: { kind: 'sysctl', key: 'net.ipv4.ip_forward', value: '1' }, withinMs: 2000 },
      ],
    });
    expect(shown).toEqual({ kind: 'shown', line: 68, lang: '', content: 'no language: shown\n', lead: '' });
  });

  it('accepts ~~~ fences and flags', () => {
    expect(s.steps[2]!.blocks).toEqual([
      {
        kind: 'run', line: 74, lang: 'bash', content: 'sleep 100\n', lead: '',
        expect: { exit: { kind: 'code', code: 0 } }, norun: false, background: true,
        commands: [{ text: 'sleep 100', line: 75 }],
      },
    ]);
  });

  it('gives the same lines for CRLF files', () => {
    const crlf = parseScenario(fixture('full.md').replace(/\n/g, '\r\n'), 'full.md');
    expect(crlf).toEqual(result);
  });
});

describe('parseScenario: small cases', () => {
  const fm = '---\ntitle: T\n---\n';
  it('defaults: timeout 30 s, no requires, no services, no cleanup', () => {
    const r = parseScenario(`${fm}## S\n`, 'a.md');
    expect(r.ok && r.scenario.meta).toEqual({ title: 'T', requires: [], kernel: [], services: [], timeoutMs: 30_000 });
  });

  it('accepts requires as a list and timeout in ms or minutes', () => {
    const r = parseScenario('---\ntitle: T\nrequires: [ip, ovs-vsctl]\ntimeout: 1m\n---\n## S\n', 'a.md');
    expect(r.ok && [r.scenario.meta.requires, r.scenario.meta.timeoutMs]).toEqual([['ip', 'ovs-vsctl'], 60_000]);
  });

  it('accepts a timeout in hours, up to 24h', () => {
    const r = parseScenario('---\ntitle: T\ntimeout: 24h\n---\n## S\n', 'a.md');
    expect(r.ok && r.scenario.meta.timeoutMs).toBe(86_400_000);
  });

  it('a string where a list belongs is not a one-element list', () => {
    expect(parseScenario('---\ntitle: T\nrequires: ip ping\n---\n## S\n', 'a.md').problems.map(format)).toEqual([
      '3:1 error front-matter: front matter: "requires" must be a list of program names such as [ip, ping], got "ip ping"; write [ip, ping]',
    ]);
  });

  it('an empty front matter lacks a title', () => {
    expect(parseScenario('---\n---\n## S\n', 'a.md').problems.map(format)).toEqual(['1:1 error front-matter: front matter: "title" is required']);
  });

  it('a YAML scalar is not a mapping', () => {
    expect(parseScenario('---\njust text\n---\n## S\n', 'a.md').problems.map(format)).toEqual([
      '2:1 error front-matter: front matter: must be a mapping of keys such as "title: ...", got "just text"',
    ]);
  });

  it('a bad YAML line is reported at its file line, with column', () => {
    const r = parseScenario('---\ntitle: T\ndescription: x\n  bad: : y\n---\n## S\n', 'a.md');
    expect(r.problems.map((p) => [p.line, p.rule])).toEqual([[4, 'front-matter']]);
  });

  it('a flow collection error with its brackets closed stays where YAML marks it', () => {
    expect(parseScenario('---\ntitle: T\nrequires: [ip, "a" "b"]\n---\n## S\n', 'a.md').problems.map(format)).toEqual([
      '3:20 error front-matter: front matter: invalid YAML: missed comma between flow collection entries',
    ]);
  });

  it('does not run fenced blocks in the introduction, but warns about run-like ones', () => {
    const r = parseScenario(`${fm}\n\`\`\`sh\nls\n\`\`\`\n\n\`\`\`text\nx\n\`\`\`\n## S\n`, 'a.md');
    expect(r.ok).toBe(true);
    expect(r.problems.map(format)).toEqual(['5:1 warning fence: this sh block comes before the first ## heading, so it is shown but never run']);
  });

  it('setext level-2 headings start steps too; ## inside a list does not', () => {
    const r = parseScenario(`${fm}Step one\n--------\n\n- ## not a step\n`, 'a.md');
    expect(r.ok && r.scenario.steps.map((st) => [st.id, st.line])).toEqual([['step-one', 4]]);
  });

  it('a fence closed by a longer fence of the same character is closed', () => {
    expect(parseScenario(`${fm}## S\n\`\`\`sh\nls\n\`\`\`\`\`\n`, 'a.md').ok).toBe(true);
  });

  it('a ``` fence is not closed by ~~~: unterminated', () => {
    expect(parseScenario(`${fm}## S\n\`\`\`sh\nls\n~~~\n`, 'a.md').problems.map(format)).toEqual([
      '5:1 error fence: unterminated code fence opened on line 5',
    ]);
  });

  it('a fence left open that swallows the next block\'s opener is one error where it opened, at the opener without a heading', () => {
    const text = `${fm}## S\n\`\`\`check\nnamespace A exists\nWith lo down\n\`\`\`sh {exit=1}\nfalse\n\`\`\`\n`;
    expect(parseScenario(text, 'a.md').problems.map(format)).toEqual([
      '5:1 error fence: code fence opened on line 5 is never closed before line 8 ("```sh {exit=1}"): close it with ```',
    ]);
  });

  it('a ```sh line inside a longer fence, or a ~~~ one, is content, not a swallowed opener', () => {
    expect(parseScenario(`${fm}## S\n\`\`\`\`text\n\`\`\`sh\nls\n\`\`\`\n\`\`\`\`\n`, 'a.md').problems).toEqual([]);
    expect(parseScenario(`${fm}## S\n~~~text\n\`\`\`sh\nls\n\`\`\`\n~~~\n`, 'a.md').problems).toEqual([]);
    expect(parseScenario(`${fm}## S\n\`\`\`sh\n## a shell comment\nls\n\`\`\`\n`, 'a.md').problems).toEqual([]);
  });

  it('takes attributes verbatim from the file (Markdown escapes are not applied)', () => {
    const r = parseScenario(`${fm}## S\n\`\`\`sh {output="say \\"hi\\""}\necho\n\`\`\`\n`, 'a.md');
    expect(r.ok && r.scenario.steps[0]!.blocks[0]).toMatchObject({ expect: { output: 'say "hi"' } });
  });

  it('upper-case languages are recognised', () => {
    const r = parseScenario(`${fm}## S\n\`\`\`SH {exit=1}\necho\n\`\`\`\n`, 'a.md');
    expect(r.ok && r.scenario.steps[0]!.blocks[0]).toMatchObject({ kind: 'run', lang: 'sh', expect: { exit: { kind: 'code', code: 1 } } });
  });

  it('shown blocks ignore anything after the language but an attribute list', () => {
    expect(parseScenario(`${fm}## S\n\`\`\`python title=x {y\nprint()\n\`\`\`\n`, 'a.md').ok).toBe(true);
    expect(parseScenario(`${fm}## S\n\`\`\`python title=x {exit=banana}\nprint()\n\`\`\`\n`, 'a.md').problems.map(format)).toEqual([
      '5:19 error attribute: attributes apply only to sh, bash, shell, console, shell-session and zx blocks',
    ]);
  });

  it('near-miss languages before the first step are not reported (nothing there runs)', () => {
    expect(parseScenario(`${fm}\`\`\`shh {exit=1}\nls\n\`\`\`\n## S\n`, 'a.md').problems).toEqual([]);
  });
});

describe('parseScenario: the seed walkthroughs', () => {
  const dir = join(import.meta.dirname, '../../scenarios');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    it(`${name} parses without problems`, () => {
      const r = parseScenario(readFileSync(join(dir, name), 'utf8'), name);
      expect(r.problems.map(format)).toEqual([]);
      expect(r.ok && r.scenario.steps.length).toBeGreaterThan(0);
    });
  }
});

describe('loadScenario', () => {
  it('reads and parses a file', async () => {
    const s = await loadScenario(join(FIXTURES, 'full.md'));
    expect(s.meta.title).toBe('Every construct');
    expect(s.steps).toHaveLength(3);
  });

  it('throws ScenarioError with every error for a bad file', async () => {
    const file = join(FIXTURES, 'front-matter-types.md');
    const err = await loadScenario(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).problems).toHaveLength(9);
    expect((err as ScenarioError).message).toContain(`${file}:6:1: error: front matter: "timeout" must be a duration such as 10s, got 10`);
  });

  it('throws UsageError for a missing file or a directory', async () => {
    await expect(loadScenario('/nonexistent/x.md')).rejects.toThrow(new UsageError('cannot read scenario /nonexistent/x.md: there is no such file'));
    await expect(loadScenario(FIXTURES)).rejects.toBeInstanceOf(UsageError);
  });
});
