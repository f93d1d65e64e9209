/**
 * Fuzzing the scenario loader: generated and mutated scenario files must never make it throw or
 * hang, and must always give either a scenario or problems located at `FILE:LINE` (line ≥ 1).
 *
 * fast-check with a fixed seed, so a failure reproduces (the seed and the shrunk input are in
 * the failure message). Inputs are what parseScenario and lintAndParse — what `run`, `test` and
 * `lint` call — get after readFile(FILE, 'utf8'): byte inputs go through the same UTF-8
 * decoding, so invalid UTF-8 arrives as U+FFFD exactly as from a file.
 *
 * The per-input time limit is a hang detector, not a performance assertion: a parse takes
 * milliseconds, a limit of 1 s only catches a loop or an exponential blow-up.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { lintAndParse } from '../../src/lint/lint-source.js';
import type { Problem } from '../../src/scenario/model.js';

const SEED = 20_240_606;
const FILE = 'fuzz.md';
// A hang detector, not a speed target: parses take milliseconds, but CI shares two cores with
// sandbox tests, and a slow moment must not look like a hang.
const HANG_MS = 10_000;
const ROOT = join(import.meta.dirname, '../..');
const SEEDS = ['scenarios/l3-router.md', 'scenarios/l2-switch.md', 'test/fixtures/parser/full.md'].map((f) =>
  readFileSync(join(ROOT, f), 'utf8'),
);

/** Pieces scenario files are made of, the valid and the broken. */
const FRONT = fc.constantFrom(
  '---\ntitle: Fuzz\n---\n',
  '---\ntitle: Fuzz\nservices: [openvswitch]\ntimeout: 3s\ncleanup: |\n  ip netns del A\n---\n',
  '---\ntitle: "unclosed\n---\n',
  '---\ntitle: [a, b\n---\n',
  '---\ntitle: x\n',
  '---\n---\n',
  '',
  '---\ntitle: &a [x]\nrequires: *a\ndescription: *b\n---\n',
);
const FENCE_INFO = fc.constantFrom(
  'sh', 'bash', 'console', 'check', 'text', '', 'sh {norun}', 'sh {background}', 'sh {exit=nonzero}',
  'sh {timeout=1s retry=2s}', 'sh {output="x', 'sh {match="(["}', 'sh {exit=', 'console {output=\'a"}',
  'sh {unknown=1}', 'check {x}', 'sh {{{', 'sh }',
);
const BODY_LINE = fc.oneof(
  fc.constantFrom(
    'ip netns add H1', 'echo "unclosed', "cat <<EOF", 'EOF', 'for i in 1 2; do', 'done', 'ls \\', '$ echo hi', 'hi',
    '...', 'a (re)', '([ (re)', 'H1: link eth0 is up', 'ping 10.0.0.1 fails with "x', 'namespace "H1; rm -rf /" exists',
    'route default via 10.0.0.1 within 3s', 'sysctl net.ipv4.ip_forward = 1', 'bridge s has ports a b', '- item',
    '> quote', '    indented code', '```', '~~~', '````sh', '## Heading', '# Title', '<!-- comment', '-->',
  ),
  fc.string({ maxLength: 40 }),
);
const BLOCK = fc
  .tuple(fc.constantFrom('```', '~~~', '````'), FENCE_INFO, fc.array(BODY_LINE, { maxLength: 6 }), fc.boolean())
  .map(([fence, info, lines, closed]) => `${fence}${info}\n${lines.join('\n')}\n${closed ? fence + '\n' : ''}`);
const STEP = fc
  .tuple(fc.string({ maxLength: 30 }), fc.array(fc.oneof(BLOCK, BODY_LINE.map((l) => l + '\n')), { maxLength: 5 }))
  .map(([title, parts]) => `## ${title}\n\n${parts.join('\n')}`);
/** Structured scenarios: valid and broken front matter, steps, fences, attributes, checks. */
const GENERATED = fc.tuple(FRONT, fc.array(STEP, { maxLength: 6 })).map(([front, steps]) => front + steps.join('\n'));

/** Mutations of a real scenario: cut, spliced with noise, bytes flipped. */
const MUTATED = fc
  .tuple(fc.constantFrom(...SEEDS), fc.nat(), fc.nat(), fc.oneof(fc.string({ maxLength: 20 }), BODY_LINE))
  .map(([seed, a, b, noise]) => {
    const i = a % (seed.length + 1);
    const j = Math.min(seed.length, i + (b % 200));
    switch (b % 4) {
      case 0: return seed.slice(0, i); // truncated anywhere, fences and front matter included
      case 1: return seed.slice(0, i) + noise + seed.slice(j);
      case 2: return seed.slice(0, i) + seed.slice(j); // a piece cut out
      default: return seed.slice(0, i) + seed.slice(i, j).split('').reverse().join('') + seed.slice(j);
    }
  });

/** Raw bytes, decoded as readFile(FILE, 'utf8') would (invalid UTF-8 becomes U+FFFD). */
const BINARY = fc
  .tuple(fc.constantFrom('', '---\ntitle: b\n---\n## s\n```sh\n'), fc.uint8Array({ maxLength: 300 }))
  .map(([prefix, bytes]) => prefix + Buffer.from(bytes).toString('utf8'));

/** Asserts the loader's contract for one input, and that it did not hang. */
function checkContract(source: string): void {
  const started = performance.now();
  let result: { problems: Problem[]; scenario?: unknown };
  try {
    result = lintAndParse(source, FILE);
  } catch (error) {
    throw new Error(`the loader threw on a ${source.length}-character input: ${String(error)}`);
  }
  const ms = performance.now() - started;
  if (ms > HANG_MS) throw new Error(`the loader took ${Math.round(ms)} ms on a ${source.length}-character input (a hang?)`);
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (result.scenario === undefined && errors.length === 0) throw new Error('neither a scenario nor an error');
  if (result.scenario !== undefined && errors.length > 0) throw new Error('a scenario despite errors');
  for (const p of result.problems) {
    if (p.file !== FILE || !Number.isInteger(p.line) || p.line < 1 || p.column < 1 || p.message === '') {
      throw new Error(`badly located problem: ${JSON.stringify(p)}`);
    }
  }
}

describe(`fuzzing the scenario loader (fast-check seed ${SEED})`, () => {
  const run = (name: string, arb: fc.Arbitrary<string>, numRuns: number): void => {
    it(`${name}: ${numRuns} inputs`, () => {
      // The seed is printed so that a failure in CI can be replayed here.
      console.log(`fuzz ${name}: seed ${SEED}`);
      fc.assert(fc.property(arb, (s) => checkContract(s)), { seed: SEED, numRuns });
    });
  };
  run('generated scenarios', GENERATED, 4000);
  run('mutated walkthroughs', MUTATED, 4000);
  run('binary and invalid UTF-8', BINARY, 2000);

  it('extremes: huge lines, 10,000 steps, deep nesting, YAML bombs, unbalanced quotes', () => {
    const front = '---\ntitle: Extreme\n---\n';
    const laughs = (levels: number): string => {
      const lines = ['---', 'title: Bomb', 'l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
      lines.push(`requires: *l${levels}`, `description: *l${levels}`, '---', '## s', '```sh', 'true', '```');
      return lines.join('\n');
    };
    const extremes: Record<string, string> = {
      'a 5 MB line': front + '## s\n```sh\necho ' + 'x'.repeat(5_000_000) + '\n```\n',
      'a 1 MB heading': front + '## ' + 'h'.repeat(1_000_000) + '\n',
      'a 1 MB check line': front + '## s\n```check\nlink ' + 'e'.repeat(1_000_000) + ' is up\n```\n',
      '10,000 steps': front + Array.from({ length: 10_000 }, (_, i) => `## Step ${i}\n\`\`\`sh\ntrue\n\`\`\`\n`).join(''),
      '10,000 commands in one block': front + '## s\n```sh\n' + 'true\n'.repeat(10_000) + '```\n',
      'lists nested 1,000 deep (1 MB of indentation)': front + '## s\n' + Array.from({ length: 1_000 }, (_, i) => ' '.repeat(i * 2) + '- x').join('\n'),
      'quotes nested 10,000 deep': front + '## s\n' + '>'.repeat(10_000) + ' deep\n',
      'YAML flow nested 10,000 deep': '---\ntitle: x\nrequires: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n---\n## s\n',
      'YAML block nested 2,000 deep': '---\ntitle: x\n' + Array.from({ length: 2_000 }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + '\n---\n## s\n',
      'billion laughs (10^9 via aliases)': laughs(9),
      'a self-referencing alias': '---\ntitle: x\na: &a [*a]\n---\n## s\n',
      'an unbalanced attribute quote': front + '## s\n```sh {output="abc exit=0}\ntrue\n```\n',
      'an unclosed fence to the end': front + '## s\n```sh\n' + 'echo "\n'.repeat(10_000),
      'an unclosed heredoc': front + '## s\n```sh\ncat <<EOF\n' + 'x\n'.repeat(10_000) + '```\n',
      'a 100,000-item YAML list': '---\ntitle: x\nrequires: [' + Array(100_000).fill('ip').join(', ') + ']\n---\n## s\n',
      'only NUL bytes': '\0'.repeat(100_000),
      'CR line ends': front.replace(/\n/g, '\r') + '## s\r```sh\rtrue\r```\r',
    };
    for (const [name, source] of Object.entries(extremes)) {
      expect(() => checkContract(source), name).not.toThrow();
    }
    expect(lintAndParse(laughs(9), FILE).problems[0]?.message).toMatch(/expands to more than 10000 values/);
  });
});
