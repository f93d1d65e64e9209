/**
 * Messages a new author met and could not act on (issue 18): each names the file's line and
 * says what was expected.
 */
import { describe, expect, it } from 'vitest';
import { parseCheck } from '../../src/check/parse-check.js';
import { lintAndParse, lintSource } from '../../src/lint/lint-source.js';
import type { Problem } from '../../src/scenario/model.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';

const format = (p: Problem): string => `${p.file}:${p.line}:${p.column} ${p.severity} ${p.rule}: ${p.message}`;
const fm = '---\ntitle: T\n---\n';

describe('messages for new authors', () => {
  it('a heading of emoji only is not "empty": it says the step gets no id, and why', () => {
    expect(parseScenario(`${fm}## 🚀🚀\n`, 'a.md').problems.map(format)).toEqual([
      'a.md:4:1 error step: step heading "🚀🚀" gives the step no id: its GitHub anchor keeps only letters, digits, "-" and "_" (emoji and punctuation are dropped), and `--from` and reports name a step by it; add a word to it',
    ]);
    expect(parseScenario(`${fm}## 🚀 Launch\n`, 'a.md').ok).toBe(true);
    expect(parseScenario(`${fm}##\n`, 'a.md').problems.map(format)).toEqual(['a.md:4:1 error step: step heading is empty: write what the step does']);
  });

  it('"within" takes a duration in words, and a right phrase followed by junk is not "did you mean" itself', () => {
    const parsed = parseCheck('link lo is up within 5 seconds', 14);
    expect(parsed.ok && parsed.check.withinMs).toBe(5000);
    const junk = parseCheck('link lo is up within 5 parsecs', 14);
    expect(junk).toMatchObject({ ok: false, message: '"within" needs a duration such as 3s or 3 seconds, got "5 parsecs"', column: 22 });
    const after = parseCheck('link lo is up now', 14);
    expect(after.ok).toBe(false);
    if (!after.ok) {
      expect(after.message).toContain('"now" after "link lo is up" is not part of the check');
      expect(after.message).not.toContain('did you mean');
    }
    // A real near miss still gets its suggestion.
    const near = parseCheck('link lo is upp', 14);
    expect(!near.ok && near.message).toContain('did you mean "link lo is up"?');
  });

  it('cleanup: true says YAML read it as a boolean', () => {
    expect(parseScenario('---\ntitle: T\ncleanup: true\n---\n## S\n', 'a.md').problems.map(format)).toEqual([
      'a.md:3:1 error front-matter: front matter: "cleanup" must be a shell script (a string), got true, which YAML reads as a boolean (in quotes, "true" is text)',
    ]);
  });

  it('a namespace named host is an error that stops the run, at the command that makes it', () => {
    const source = `${fm}## S\n\n\`\`\`sh\nip netns add host\n\`\`\`\n`;
    expect(lintSource(source, 'a.md').filter((p) => p.severity === 'error').map(format)).toEqual([
      'a.md:7:14 error host-namespace: a namespace named "host" would be taken for the root namespace, which checks and `nslab why` call host (path host to ..., has learned host:IF): give it another name, such as h0',
    ]);
    expect(lintAndParse(source, 'a.md').scenario).toBeUndefined();
    expect(lintAndParse(source.replace('add host', 'add h0'), 'a.md').scenario).toBeDefined();
  });

  it('invalid UTF-8 in a heading is an error at its line and column', () => {
    const bytes = Buffer.concat([Buffer.from(`${fm}# T\n\n## Bad `), Buffer.from([0xff, 0xfe]), Buffer.from(' heading\n')]);
    expect(parseScenario(bytes.toString('utf8'), 'a.md').problems.map(format)).toEqual([
      'a.md:6:8 error encoding: this line is not valid UTF-8 (a byte no UTF-8 character starts with, shown as \uFFFD): save the file as UTF-8',
    ]);
  });

  it('ping -c 2 without -W is a warning with the fix', () => {
    const source = `${fm}## S\n\n\`\`\`sh {exit=1}\nping -c 2 10.0.9.9\n\`\`\`\n`;
    expect(lintSource(source, 'a.md').map(format)).toEqual([
      "a.md:7:1 warning ping-without-wait: ping without -W waits 10 s after its last request when no reply comes, and may run into the command's timeout: add -W 1 (line 7)",
    ]);
  });

  it("a transcript's [N] line and the block's exit= together are an error at the [N] line", () => {
    const source = `${fm}## S\n\n\`\`\`console {exit=1}\n$ false\n[1]\n\`\`\`\n`;
    expect(parseScenario(source, 'a.md').problems.map(format)).toEqual([
      "a.md:8:1 error transcript: [1] and the block's exit= both say which exit status the command must have: keep one",
    ]);
  });
});
