/**
 * Parsing zx blocks (```zx, ```zx {check}): roles, attributes, the script's syntax checked at its
 * Markdown line, what a check says it checks and which session variables it reads.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { stepCommands, shellTextOf } from '../../src/run/step-commands.js';
import { scriptSummary, scriptVariables, unnamedEnvReads } from '../../src/zx/script-source.js';
import { parseVerdict, VERDICT_MARK } from '../../src/zx/protocol.js';
import { isStateChanging, listMutations } from '../../src/test-scenario/mutations.js';
import { isObservationStep } from '../../src/run/observation-step.js';
import { stateChanges } from '../../src/zx/state-digest.js';

const fm = '---\ntitle: zx\n---\n';

function problems(body: string): string[] {
  const parsed = parseScenario(fm + body, 'zx.md');
  return parsed.problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.rule}: ${p.message}`);
}

function parsed(body: string) {
  const result = parseScenario(fm + body, 'zx.md');
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.scenario;
}

describe('zx blocks', () => {
  it('a ```zx block is one command of its step, with a 10 s limit unless timeout= says otherwise', () => {
    const s = parsed("## S\n```sh\nip netns add H1\n```\n```zx\nawait ns('H1')`ip link`\n```\n```zx {timeout=20s}\nawait sleep(1)\n```\n");
    const commands = stepCommands(s.steps[0]!);
    expect(commands.map((c) => [c.block.kind, c.command.line, c.command.text])).toEqual([
      ['run', 6, 'ip netns add H1'],
      ['zx', 9, "await ns('H1')`ip link`"],
      ['zx', 12, 'await sleep(1)'],
    ]);
    expect(commands.map((c) => c.block.timeoutMs)).toEqual([undefined, 10_000, 20_000]);
  });

  it('a ```zx {check} block is one check of its step, named by its first comment', () => {
    const s = parsed("## S\n```zx {check within=3s}\n// H1 has no address yet\nconst out = await ns('H1')`ip -br addr`\nif (process.env.ADDR && out.stdout.includes(process.env['ADDR'])) fail('it has')\n```\n");
    const block = s.steps[0]!.blocks[0]!;
    expect(block.kind).toBe('check');
    const check = block.kind === 'check' ? block.checks[0]! : undefined;
    expect(check).toMatchObject({ source: 'zx: H1 has no address yet', line: 5, withinMs: 3000 });
    expect(check?.predicate).toMatchObject({ kind: 'zx', firstLine: 6, summary: 'H1 has no address yet', variables: ['ADDR'], timeoutMs: 10_000 });
    expect(stepCommands(s.steps[0]!)).toEqual([]);
  });

  it('reports a syntax error at its line and column in the Markdown file, inside a list item too', () => {
    expect(problems('## S\n\n- a list:\n\n  ```zx {check}\n  const a = 1\n  if (a > ) fail("x")\n  ```\n')).toEqual([
      "10:11 error zx-syntax: zx script does not parse: Unexpected token ')'",
    ]);
    expect(problems('## S\n```zx\nconst x = `unclosed\n```\n')).toEqual([
      "6:11 error zx-syntax: zx script does not parse: the template literal '`' opened here is never closed",
    ]);
    expect(problems('## S\n```zx {check}\n// unclosed\nconst x = [1, 2\n```\n')).toEqual([
      "7:11 error zx-syntax: zx script does not parse: the '[' opened here is never closed",
    ]);
    expect(problems("## S\n```zx\nimport fs from 'node:fs'\n```\n")[0]).toMatch(/^6:1 error zx-syntax: .*import statement.*require\('node:\.\.\.'\)/);
  });

  it('rejects attributes a zx block does not take, and a role mix-up', () => {
    expect(problems('## S\n```zx {exit=1 within=2s}\nawait sleep(1)\n```\n')).toEqual([
      '5:8 error attribute: unknown attribute "exit" on a zx block (allowed: check, timeout, within, norun, observe): a script fails by throwing, by a failed $ command or by fail("...")',
      '5:15 error attribute: within applies to a zx check block ({check within=5s}); a step block retries with retry() in its script',
    ]);
    expect(problems('## S\n```zx {check norun timeot=3s}\nawait sleep(1)\n```\n')).toEqual([
      '5:14 error attribute: norun and check cannot be used together: a check block is always evaluated',
      '5:20 error attribute: unknown attribute "timeot" on a zx block; did you mean "timeout"?',
    ]);
    expect(problems('## S\n```zx\n\n```\n')).toEqual(['5:1 error zx-syntax: zx block is empty: write the script between the fences']);
  });

  it('zx {observe}: a step script its author says only reads is no mutation of --mutate, and its step is an observation step', () => {
    const s = parsed("## S\n```zx {observe}\necho(`A has ${process.env.ADDR}`)\n```\n```zx\nawait ns('A')`ip link set lo up`\n```\n## T\n```zx {observe}\necho(1)\n```\n");
    const [reads, writes] = stepCommands(s.steps[0]!);
    expect(isStateChanging(reads!)).toBe(false);
    expect(isStateChanging(writes!)).toBe(true);
    expect(listMutations(s).map((m) => m.command.line)).toEqual([9]);
    expect(isObservationStep(s.steps[0]!)).toBe(false);
    expect(isObservationStep(s.steps[1]!)).toBe(true);
    expect(problems('## S\n```zx {check observe}\n// x\n```\n')).toEqual([
      '5:14 error attribute: observe is for a zx step block that only reads (```zx {observe}```); a check block never changes state',
    ]);
  });

  it('runs a step script through the zx runner, with the session variables it reads passed even when not exported', () => {
    const s = parsed('## S\n```zx\necho(process.env.ADDR, "it\'s")\n```\n');
    const [command] = stepCommands(s.steps[0]!);
    const text = shellTextOf(command!.block, command!.command);
    expect(text).toMatch(/^env \$\{ADDR\+"ADDR=\$ADDR"\} '[^']*node[^']*' '[^']*\/dist\/bundle\/zx-runner\.cjs' 'step' '6' 'echo\(process\.env\.ADDR, "it'\\''s"\)'$/);
  });
});

describe('zx script helpers', () => {
  it('summarises a script by its first comment, else its first line', () => {
    expect(scriptSummary('\n// the MAC is EUI-64\nconst a = 1')).toBe('the MAC is EUI-64');
    expect(scriptSummary('const a = 1 // not this\n// nor this')).toBe('const a = 1 // not this');
  });

  it('finds the variables a script reads from process.env', () => {
    expect(scriptVariables('process.env.ADDR + process.env["GW"] + process.env[`ADDR`] + process.env.lower_1')).toEqual(['ADDR', 'GW', 'lower_1']);
    expect(scriptVariables("const { ADDR, GW: gateway, 'MTU' = '1500' } = process.env\nx(process.env.PREFIX)")).toEqual(['ADDR', 'GW', 'MTU', 'PREFIX']);
  });

  it('finds the lines where a script reads process.env without naming the variable', () => {
    const script = ['const { ADDR } = process.env', 'const env = process.env', 'x(process.env[name], process.env.GW)', 'const { ...rest } = process.env'].join('\n');
    expect(unnamedEnvReads(script)).toEqual([1, 2, 3]);
    expect(scriptVariables(script)).toEqual(['ADDR', 'GW']);
  });

  it('warns (zx-env) at a line reading process.env as a whole', () => {
    expect(problems('## S\n```zx {check}\n// ok\nconst env = process.env\n```\n')).toEqual([
      "7:1 warning zx-env: process.env used without naming a variable: nslab gives a script only the session's variables it names (process.env.ADDR, process.env['ADDR'], const { ADDR } = process.env); any other reads undefined",
    ]);
  });

  it('says what differs between two state digests, removals first', () => {
    const before = ['A: address 10.0.0.1/24 on A-eth0', 'A: link A-eth0 up mtu 1500'];
    expect(stateChanges(before, ['A: address 10.99.0.1/16 on lo', ...before])).toEqual(['added A: address 10.99.0.1/16 on lo']);
    expect(stateChanges(before, ['A: link A-eth0 down mtu 1500'])).toEqual([
      'removed A: address 10.0.0.1/24 on A-eth0',
      'removed A: link A-eth0 up mtu 1500',
      'added A: link A-eth0 down mtu 1500',
    ]);
    expect(stateChanges(before, [...before])).toEqual([]);
  });

  it('reads the last verdict line of the runner, and nothing from a runner that gave none', () => {
    const stdout = `printed ${VERDICT_MARK}{"passed":true,"found":"not this"}\nmore\n${VERDICT_MARK}{"passed":false,"found":"H1 has 10.0.0.1"}\n`;
    expect(parseVerdict(stdout)).toEqual({ passed: false, found: 'H1 has 10.0.0.1' });
    expect(parseVerdict('Killed\n')).toBeUndefined();
    expect(parseVerdict(`${VERDICT_MARK}{"passed":tr`)).toBeUndefined();
  });
});
