import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { formatMutation, formatMutationCount } from '../../src/view/terminal/mutation-reporter.js';
import { stepCommands } from '../../src/run/step-commands.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import type { Scenario } from '../../src/scenario/model.js';
import { describeFailure, type MutationResult } from '../../src/test-scenario/mutate-scenario.js';
import { isStateChanging, listMutations, oppositeSysctlWrite } from '../../src/test-scenario/mutations.js';
import { changesNothing } from '../../src/shell/read-only.js';

function parse(body: string): Scenario {
  const result = parseScenario(`---\ntitle: T\n---\n# T\n\n${body}`, 't.md');
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.scenario;
}

const fence = (info: string, content: string) => '```' + info + '\n' + content + '\n```\n\n';

describe('isStateChanging', () => {
  const classify = (info: string, content: string) =>
    stepCommands(parse('## S\n\n' + fence(info, content)).steps[0]!).map(isStateChanging);

  it('counts the commands of sh, bash and shell blocks with only the default expectation', () => {
    expect(classify('sh', 'ip netns add A\nip netns add B')).toEqual([true, true]);
    expect(classify('bash', 'ip netns add A')).toEqual([true]);
    expect(classify('shell {timeout=5s retry=2s}', 'ip netns add A')).toEqual([true]);
    expect(classify('sh {exit=0}', 'ip netns add A')).toEqual([true]);
  });

  it('counts a command held to an exit status or output as a probe', () => {
    for (const attrs of ['exit=1', 'exit=nonzero', 'exit=any', 'output="x"', 'no-output="x"', 'match="x"']) {
      expect(classify(`sh {${attrs}}`, 'ip netns exec A ping -c 1 10.0.0.1'), attrs).toEqual([false]);
    }
  });

  it('counts transcript commands as probes, with or without expected lines', () => {
    expect(classify('console', '$ ip netns exec R sysctl net.ipv4.ip_forward=1\nnet.ipv4.ip_forward = 1\n$ ip route')).toEqual([false, false]);
  });

  it('counts a read-only command in a plain block as a probe: leaving it out changes nothing', () => {
    expect(classify('sh', 'ip netns add A\nip netns exec A ip route\nip -br addr | grep A\nip netns exec A ping -c 1 10.0.0.1')).toEqual([true, false, false, false]);
  });

  it('leaves out background blocks (and norun ones, which do not run at all)', () => {
    expect(classify('sh {background}', 'ip netns exec A ping 10.0.0.1')).toEqual([false]);
    expect(classify('sh {norun}', 'ip netns add A')).toEqual([]);
  });
});

describe('commands that change nothing (issue 17, item 9)', () => {
  it('are not mutations: echo, sleep, true, printf, also inside a namespace', () => {
    for (const text of ['echo "the router is ready"', 'sleep 1', 'true', ':', 'printf "%s\\n" done', 'ip netns exec R echo hi']) {
      expect(changesNothing(text), text).toBe(true);
    }
  });

  it('still are when they redirect, substitute a command, chain, or set a variable', () => {
    for (const text of ['echo 1 > /proc/sys/net/ipv4/ip_forward', 'echo $(ip link add x type veth peer name y)', 'echo a; ip netns add A', 'printf -v X %s 1', 'echo `ip netns add B`']) {
      expect(changesNothing(text), text).toBe(false);
    }
    expect(stepCommands(parse('## S\n\n' + fence('sh', 'echo hello\nip netns add A')).steps[0]!).map(isStateChanging)).toEqual([false, true]);
  });

  it("are not mutations either: nslab's own reading commands, alone or in a list with echo (tester3)", () => {
    for (const text of ['node /work/wt/tester3/bin/nslab why C 10.2.2.2; echo "why exit $?"', 'nslab check split-access', 'npx nslab topo --host', 'ip netns exec C nslab why C 10.1.1.2 && echo ok', 'nslab lint x.md || true']) {
      expect(changesNothing(text), text).toBe(true);
    }
    for (const text of ['nslab check x.md --report out.json', 'nslab run x.md --yes', 'node bin/nslab practice x', 'nslab why C 10.2.2.2 > why.txt', 'node script.js why', 'nslab why C 1.2.3.4 & sleep 1']) {
      expect(changesNothing(text), text).toBe(false);
    }
    expect(stepCommands(parse('## S\n\n' + fence('sh', 'ip netns add A\nnode /x/bin/nslab why A 10.0.0.1; echo "why exit $?"')).steps[0]!).map(isStateChanging)).toEqual([true, false]);
  });
});

describe('oppositeSysctlWrite (issue 17, item 9: verdicts that do not depend on the host)', () => {
  it('writes the other 0/1 value, in the same namespace', () => {
    expect(oppositeSysctlWrite('ip netns exec R sysctl -qw net.ipv4.ip_forward=0')).toBe('ip netns exec R sysctl -qw net.ipv4.ip_forward=1');
    expect(oppositeSysctlWrite('sysctl -w net.ipv4.ip_forward=1')).toBe('sysctl -qw net.ipv4.ip_forward=0');
    expect(oppositeSysctlWrite('ip netns exec R echo 1 > /proc/sys/net/ipv4/ip_forward')).toBe('ip netns exec R sysctl -qw net.ipv4.ip_forward=0');
  });

  it('leaves other commands alone: other values, several keys, reads', () => {
    for (const text of ['sysctl -w net.ipv4.conf.all.rp_filter=2', 'sysctl -w a.b=1 c.d=0', 'sysctl net.ipv4.ip_forward', 'ip netns add R', 'sysctl -p']) {
      expect(oppositeSysctlWrite(text), text).toBeUndefined();
    }
  });

  it('lists the l3-router mutation of forwarding with its other value', () => {
    const scenario = parse('## S\n\n' + fence('sh', 'ip netns add R\nip netns exec R sysctl -qw net.ipv4.ip_forward=0'));
    expect(listMutations(scenario).map((m) => m.instead)).toEqual([undefined, 'ip netns exec R sysctl -qw net.ipv4.ip_forward=1']);
  });
});

describe('listMutations', () => {
  it('lists each state-changing command with its step and index in the step command order', () => {
    const scenario = parse(
      '## One\n\n' + fence('sh', 'ip netns add A') + fence('sh {output="A"}', 'ip netns list') + fence('sh', 'ip netns add B') +
        '## Two\n\n' + fence('console', '$ ip netns list\nA') + fence('sh', 'ip netns exec A ip link set lo up'),
    );
    expect(listMutations(scenario).map((m) => [m.step.number, m.index, m.command.text])).toEqual([
      [1, 0, 'ip netns add A'],
      [1, 2, 'ip netns add B'],
      [2, 1, 'ip netns exec A ip link set lo up'],
    ]);
  });
});

describe('reporting mutations', () => {
  const c = new Chalk({ level: 0 });
  const scenario = parse('## One\n\n' + fence('sh', 'ip netns add A\nip netns add B') + fence('check', 'namespace A exists'));
  const [a, b] = listMutations(scenario);

  it('describes the first failure: a command that missed its expectation, else a check', () => {
    const step = scenario.steps[0]!;
    const command = { command: a!.command, result: { exitCode: 1, output: '', timedOut: false, durationMs: 1 }, attempts: 1 };
    const base = { step, status: 'failed' as const, vacuous: false, fastForwarded: false, durationMs: 1, attempts: 1, resumeAt: 0 };
    const failedCommand = { ...command, failures: [{ expected: 'exit status 0', found: 'exit status 1' }] };
    expect(describeFailure({ ...base, commands: [failedCommand], checks: [] })).toBe(
      'step 1, line 9: "ip netns add A" expected exit status 0',
    );
    const [checkBlock] = step.blocks.filter((block) => block.kind === 'check');
    const check = { check: checkBlock!.checks[0]!, passed: false, expected: 'namespace A exists', found: 'no namespace A', durationMs: 1 };
    expect(describeFailure({ ...base, commands: [{ ...command, failures: [] }], checks: [check] })).toBe('step 1: namespace A exists');
  });

  it('writes one line per mutation and a count', () => {
    const noticed: MutationResult = { mutation: a!, status: 'noticed', failure: 'step 1: namespace A exists', durationMs: 60 };
    const unchecked: MutationResult = { mutation: b!, status: 'unchecked', durationMs: 70 };
    expect(formatMutation(noticed, c)).toBe('  ✔ step 1, line 9: removing "ip netns add A" is noticed (step 1: namespace A exists)  60 ms');
    expect(formatMutation(unchecked, c)).toBe('  ✘ step 1, line 10: removing "ip netns add B" changed no outcome  70 ms');
    expect(formatMutationCount([noticed, unchecked], 130, c)).toBe('2 mutations: 1 noticed, 1 unchecked · 130 ms');
  });
});
