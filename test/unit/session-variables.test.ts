import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/check/expand-template.js';
import { evaluateCheck } from '../../src/check/evaluate-check.js';
import type { Check } from '../../src/check/model.js';
import { parseCheck } from '../../src/check/parse-check.js';
import { expandVariables, findVariables, variablesFromEnvironment, type SessionVariables } from '../../src/check/session-variables.js';
import { parsePrintedVariables, printVariablesCommand } from '../../src/run/read-session-variables.js';
import type { Exec } from '../../src/sandbox/types.js';

function parsed(text: string): Check {
  const result = parseCheck(text, 7);
  if (!result.ok) throw new Error(`${text}: ${result.message}`);
  return result.check;
}

const session = (values: Record<string, string>): SessionVariables => ({ available: true, values: new Map(Object.entries(values)), where: "the scenario's shell session" });

describe('findVariables and expandVariables', () => {
  it('finds $NAME and ${NAME}, in and out of quotes, and leaves other dollars as text', () => {
    const text = 'file /tmp/$F contains "got ${ADDR}, 5$ or $ " \\$HOME';
    const { references, escapedDollar } = findVariables(text);
    expect(references.map((r) => [r.name, r.quoted])).toEqual([['F', false], ['ADDR', true]]);
    expect(escapedDollar).toBe(true);
    expect(expandVariables(text, references, (n) => (n === 'F' ? 'log' : 'say "hi"'))).toBe('file /tmp/log contains "got say \\"hi\\", 5$ or $ " $HOME');
  });

  it('reads \\\\$X as a backslash and a variable', () => {
    expect(findVariables('"a\\\\$X"').references.map((r) => r.name)).toEqual(['X']);
  });
});

describe('parseCheck with shell variables', () => {
  it('keeps a line with variables as a template, namespace and within read now', () => {
    const check = parsed('blue: ping $ADDR succeeds within 3s');
    expect(check).toMatchObject({
      namespace: 'blue', withinMs: 3000, source: 'blue: ping $ADDR succeeds within 3s',
      predicate: { kind: 'template', text: 'ping $ADDR succeeds', keyword: 'ping', variables: ['ADDR'] },
    });
    expect(parsed('link eth0 has address ${ADDR}/64 ').predicate).toMatchObject({ kind: 'template', variables: ['ADDR'] });
  });

  it('still finds a typo in the first word, and refuses a variable where a name or the predicate must be', () => {
    expect(parseCheck('blue: pnig $ADDR succeeds', 1)).toMatchObject({ ok: false, message: expect.stringContaining('did you mean "ping"') });
    expect(parseCheck('$NS: ping 10.0.0.1 succeeds', 1)).toMatchObject({ ok: false, column: 1, message: expect.stringContaining('cannot come from a shell variable') });
    expect(parseCheck('blue: $WHAT', 1)).toMatchObject({ ok: false, column: 7, message: expect.stringContaining('cannot start with a shell variable') });
    expect(parseCheck('H1: path H1 to $DST is clear', 1)).toMatchObject({ ok: false, message: expect.stringContaining('"path" takes no namespace prefix') });
  });

  it('reads \\$ as a dollar sign in a check without variables', () => {
    expect(parsed('file /tmp/a contains "costs \\$5"').predicate).toEqual({ kind: 'file-text', path: '/tmp/a', text: 'costs $5', contains: true });
  });
});

describe('expandTemplate', () => {
  it('expands and parses, keeping source, line and within, and names the variables', () => {
    const expanded = expandTemplate(parsed('blue: ping $ADDR succeeds within 2s'), session({ ADDR: 'fd00::5a' }));
    expect(expanded).toEqual({
      ok: true, suffix: ' ($ADDR)',
      check: { source: 'blue: ping $ADDR succeeds within 2s', line: 7, namespace: 'blue', withinMs: 2000, predicate: { kind: 'ping', address: 'fd00::5a', succeeds: true } },
    });
  });

  it('says which variable is not set, and what a variable held when the line is no check after it', () => {
    const check = parsed('link eth0 has address $ADDR/$LEN');
    expect(expandTemplate(check, session({ ADDR: '10.0.0.1' }))).toEqual({ ok: false, found: "$LEN is not set in the scenario's shell session" });
    expect(expandTemplate(check, session({}))).toEqual({ ok: false, found: "$ADDR and $LEN are not set in the scenario's shell session" });
    const bad = expandTemplate(check, session({ ADDR: '10.0.0.1 oops', LEN: '24' }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.found).toMatch(/^with \$ADDR = "10\.0\.0\.1 oops", \$LEN = "24" the check reads "link eth0 has address 10\.0\.0\.1 oops\/24", which is no check: /);
  });

  it('fails a template evaluated without a session, saying so, and shows the expanded check when there is one', async () => {
    const exec: Exec = async () => ({ exitCode: 0, output: '', stdout: '1\n', timedOut: false, durationMs: 1 });
    const check = parsed('sysctl net.ipv4.ip_forward = $WANT');
    const alone = await evaluateCheck(check, exec);
    expect(alone).toMatchObject({ passed: false, expected: 'sysctl net.ipv4.ip_forward = $WANT', found: 'the check uses $WANT, and there is no shell session here to read it from' });
    const withValue = await evaluateCheck(check, exec, undefined, session({ WANT: '1' }));
    expect(withValue.expected).toBe('sysctl net.ipv4.ip_forward = 1 ($WANT)');
    expect(withValue.check.source).toBe('sysctl net.ipv4.ip_forward = $WANT');
  });
});

describe('nslab check, without a session', () => {
  it("takes the values from nslab's environment, and says where to set one that is missing", () => {
    const check = parsed('blue: ping $ADDR succeeds');
    expect(expandTemplate(check, variablesFromEnvironment({ ADDR: '10.0.0.2' }))).toMatchObject({ ok: true, check: { predicate: { address: '10.0.0.2' } } });
    expect(expandTemplate(check, variablesFromEnvironment({}))).toEqual({
      ok: false,
      found: "$ADDR is not set in nslab check's environment (it has no scenario shell session: export the variable in your shell, or run NAME=VALUE nslab check ...)",
    });
  });
});

describe('reading the values from a shell', () => {
  it('parses set, empty and unset variables after the token, ignoring output before it', () => {
    const command = printVariablesCommand(['A', 'B', 'C'], 'TOK');
    expect(command).toBe(`printf '%s\\0' TOK "\${A+1}" "\${A-}" "\${B+1}" "\${B-}" "\${C+1}" "\${C-}"`);
    const values = parsePrintedVariables('job output\nTOK\x001\x00fd00::5a\x001\x00\x00\x00\x00', ['A', 'B', 'C'], 'TOK');
    expect(values).toEqual(new Map([['A', 'fd00::5a'], ['B', '']]));
    expect(parsePrintedVariables('nothing', ['A'], 'TOK')).toBeUndefined();
  });
});
