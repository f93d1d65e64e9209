import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { practice } from '../../src/practice/practice.js';
import { createPracticeView } from '../../src/view/terminal/practice-view.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { practiseWith, student } from '../helpers/practice-student.js';

const SOURCE = `---
title: Two steps
---

# Two steps

## Read this

Only prose: nothing to verify.

## Make H1

> Hint: a namespace is added with \`ip netns\`.

> Hint: \`ip netns add H1\`.

\`\`\`sh
ip netns add H1
\`\`\`

\`\`\`check
namespace H1 exists
\`\`\`
`;
const parsed = parseScenario(SOURCE, 'two-steps.md');
if (!parsed.ok) throw new Error('fixture does not parse');
const scenario = parsed.scenario;

describe('a practice session, driven through its control channel', () => {
  it('next reads a reading step; hints come one at a time; a check that does not hold stays quiet; the prompt follows', async () => {
    let printed = '';
    let shown = '';
    const outcome = await practice(scenario, {
      render: createPracticeView(new Chalk({ level: 0 })),
      write: (s) => (shown += s),
      shell: async (sandbox) => {
        printed = await student(sandbox, [
          'echo "prompt $__nslab_step"',
          '__nslab verify 1; echo "--quiet 1 ($__nslab_step)"',
          '__nslab next',
          'echo "prompt $__nslab_step"',
          'hint; hint; hint',
          '__nslab verify 2; echo "--quiet 2"',
          'ip netns add H1',
          '__nslab verify 3',
          'echo "prompt $__nslab_step"',
          'why H1',
          '__nslab bogus',
        ].join('\n'));
      },
    });
    expect(shown).toContain('━━ Step 1/2 · Read this');
    expect(printed).toMatch(/^prompt 1\/2\n--quiet 1 \(1\/2\)\n✔ step 1 read\n/);
    expect(printed).toContain('━━ Step 2/2 · Make H1');
    expect(printed).toContain('(2 hints: type hint)');
    expect(printed).not.toContain('ip netns` .'); // the hints are not part of the step's text
    expect(printed).toContain('prompt 2/2');
    expect(printed).toContain('Hint 1/2: a namespace is added with ip netns.');
    expect(printed).toContain('Hint 2/2: ip netns add H1.');
    // With no written hint left, hint says what does not hold, and where to look.
    expect(printed).toContain('No more written hints (2 shown). What does not hold yet:\n  ✘ namespace H1 exists — found namespace H1 is absent');
    expect(printed).toContain('look: ip netns list');
    expect(printed).toMatch(/solve does the rest for you\.\n--quiet 2\n/);
    expect(printed).toContain('✔ step 2 done');
    expect(printed).toContain('Every step is finished.');
    expect(printed).toContain('prompt done');
    expect(printed).toContain('usage: why SRC DST');
    expect(printed).toContain('nslab does not know "bogus"');
    expect(outcome.ok).toBe(true);
    expect(outcome.steps.map((s) => [s.status, s.hintsShown, s.hintsTotal])).toEqual([['reading', 0, 0], ['done', 2, 2]]);
    expect(outcome.steps.every((s) => s.durationMs !== undefined && s.durationMs >= 0)).toBe(true);
    expect(shown).toContain('Practice ended; the sandbox is gone.');
  });

  it('restart ends the sandbox and starts a fresh one at step 1', async () => {
    const sandboxes: Sandbox[] = [];
    const outputs: string[] = [];
    let shown = '';
    const outcome = await practice(scenario, {
      render: createPracticeView(new Chalk({ level: 0 })),
      write: (s) => (shown += s),
      shell: async (sandbox) => {
        sandboxes.push(sandbox);
        const script = sandboxes.length === 1 ? 'next\nip netns add H1\n__nslab verify 1\nrestart\necho "not reached"' : 'ip netns list; status';
        outputs.push(await student(sandbox, script));
      },
    });
    expect(sandboxes).toHaveLength(2);
    expect(sandboxes[0]!.root).not.toBe(sandboxes[1]!.root);
    expect(outputs[0]).toContain('✔ step 2 done');
    expect(outputs[0]).toContain('Restarting');
    expect(outputs[0]).not.toContain('not reached');
    // The fresh sandbox has no H1, and the session is back at step 1.
    expect(outputs[1]).toMatch(/^Two steps · two-steps.md/); // `ip netns list` printed nothing
    expect(outputs[1]).toMatch(/▸ 1 Read this {2}\(current step\)/);
    expect(shown).toContain('Starting over in a fresh sandbox');
    expect(outcome.steps.map((s) => s.status)).toEqual(['failed', 'not-reached']);
    expect(outcome.ok).toBe(false);
  });
});

/** A first step both fixtures below share. */
const MAKE_H1 = `## Make H1

\`\`\`sh
ip netns add H1
\`\`\`

\`\`\`check
namespace H1 exists
\`\`\`
`;

const THREE = `---
title: Three steps
---

# Three steps

${MAKE_H1}
## Wire H1 to H2

\`\`\`sh
ip netns add H2
ip link add h1 netns H1 type veth peer name h2 netns H2
\`\`\`

\`\`\`check
H1: link h1 exists
\`\`\`

## Read on

The end.
`;
const three = parseScenario(THREE, 'three.md');
if (!three.ok) throw new Error('fixture does not parse');

describe('resume, topo and changes in a practice session', () => {
  it('resumes at step 2 with step 1 fast-forwarded; changes lists the student\'s own changes since; topo draws the sandbox', async () => {
    const { shown, printed, outcome } = await practiseWith(
      three.scenario,
      [
        'echo "prompt $__nslab_step"',
        'echo "--ns $(ip netns list | cut -d" " -f1 | sort | tr "\\n" " ")"',
        'changes',
        'ip netns add H2',
        'ip link add h1 netns H1 type veth peer name h2 netns H2',
        'echo "--changes"',
        'changes',
        '__nslab verify 1',
        'echo "--topo"',
        'topo',
        'echo "--after"',
        'changes',
      ].join('\n'),
      2,
    );
    expect(shown).toContain('Resuming at step 2: running the commands of step 1...');
    expect(shown).toContain('Resumed at step 2: nslab ran the commands of step 1 (finished');
    expect(shown).toContain('━━ Step 2/3 · Wire H1 to H2');
    expect(shown).not.toContain('━━ Step 1/3');
    expect(printed).toMatch(/^prompt 2\/3\n--ns H1 \n/);
    // Before the student's commands: nothing changed since the fast-forward completed step 1.
    expect(printed).toMatch(/since step 1 was completed:\nNo change to the network\.\n--changes/);
    const changes = printed.slice(printed.indexOf('--changes'), printed.indexOf('✔ step 2 done'));
    expect(changes).toContain('+ namespace H2');
    expect(changes).toMatch(/H1: \+ link h1/);
    expect(changes).toMatch(/H2: \+ link h2/);
    expect(changes).not.toContain('+ namespace H1');
    const topo = printed.slice(printed.indexOf('--topo'), printed.indexOf('--after'));
    expect(topo).toContain('H1');
    expect(topo).toContain('H2');
    expect(topo).toMatch(/h1/);
    expect(printed.slice(printed.indexOf('--after'))).toMatch(/since step 2 was completed:\nNo change to the network\./);
    expect(outcome.steps.map((s) => [s.status, s.fastForwarded ?? false])).toEqual([['done', true], ['done', false], ['failed', false]]);
  });

  it('a fast-forward that fails stops there: that step is the current one, and says why', async () => {
    // Step 1 of this file cannot pass in a fresh sandbox: its namespace is never made.
    const broken = parseScenario(THREE.replace('ip netns add H1\n', 'ip netns exec H0 true\n'), 'broken.md');
    if (!broken.ok) throw new Error('fixture does not parse');
    const { shown, printed, outcome } = await practiseWith(broken.scenario, 'echo "prompt $__nslab_step"', 3);
    // Wrapped at words to the terminal's width: compare with the line breaks folded.
    expect(shown.replace(/\s*\n\s*/g, ' ')).toMatch(/Could not resume at step 3: step 1's commands did not pass in this sandbox \(line \d+: ip netns exec H0 true — /);
    expect(shown).toContain('━━ Step 1/3 · Make H1');
    expect(printed).toContain('prompt 1/3');
    expect(outcome.steps.map((s) => s.status)).toEqual(['failed', 'not-reached', 'not-reached']);
    // Verified in full at the end, for the report: what is still missing.
    expect(outcome.steps[0]!.items).toMatchObject([{ source: 'check', text: 'namespace H1 exists', passed: false, expected: 'namespace H1 exists' }]);
    expect(outcome.steps[0]!.items[0]!.found).not.toBe('');
  });
});

const OBSERVE = `---
title: Look before you route
---

# Look before you route

${MAKE_H1}
## See that H1 has no route

\`\`\`sh {exit=2 output="Network is unreachable"}
ip netns exec H1 ping -c 1 -W 1 10.9.9.9
\`\`\`

## Give H1 a route

\`\`\`sh
ip -n H1 link set lo up
ip -n H1 route add 10.9.9.0/24 dev lo
\`\`\`

\`\`\`check
H1: route 10.9.9.0/24 dev lo
\`\`\`
`;
const observe = parseScenario(OBSERVE, 'observe.md');
if (!observe.ok) throw new Error('fixture does not parse');

describe('an observation step in a practice session', () => {
  it("is done by the student's own observation, judged by its effect: not by another target, nor by a record of a ping that never ran", async () => {
    const { printed, outcome } = await practiseWith(
      observe.scenario,
      [
        'ip netns add H1; __nslab_verify 1 "ip netns add H1" $?',
        'echo "--arrived $__nslab_step"',
        'ip netns exec H1 ping -c 1 127.0.0.1; __nslab_verify 2 "ip netns exec H1 ping -c 1 127.0.0.1" $?',
        // The prompt's record says the step's ping ran and exited 2, but it never ran: nothing moved in H1.
        '__nslab_verify 3 "ip netns exec H1 ping -c 1 -W 1 10.9.9.9" 2',
        'echo "--forged $__nslab_step"',
        'next',
        'ip netns exec H1 ping -c 2 -i 0.2 10.9.9.9; __nslab_verify 4 "ip netns exec H1 ping -c 2 -i 0.2 10.9.9.9" $?',
        'echo "--observed $__nslab_step"',
      ].join('\n'),
    );
    expect(printed).toContain('☐ observe it yourself (your own options are fine):\n      H1 pings 10.9.9.9 → exit 2, "Network is unreachable"\n');
    expect(printed).toContain('--arrived 2/3');
    expect(printed).toContain("Not step 2's observation yet: it sent nothing.");
    expect(printed).toContain('--forged 2/3');
    expect(printed).toContain('Step 2 is done when you see it yourself');
    expect(printed).toContain('✔ step 2 done');
    expect(printed).toContain('--observed 3/3');
    expect(outcome.steps.map((s) => s.status)).toEqual(['done', 'done', 'failed']);
    expect(outcome.steps[1]!.items).toMatchObject([{ source: 'probe', text: 'ip netns exec H1 ping -c 1 -W 1 10.9.9.9', passed: true, exitCode: 2 }]);
  });

  it('a step whose checks hold on arrival, because the student did it ahead, is done at once, and says so', async () => {
    const { printed, outcome } = await practiseWith(
      three.scenario,
      [
        'ip netns add H1; ip netns add H2; ip link add h1 netns H1 type veth peer name h2 netns H2',
        '__nslab_verify 1 "ip link add h1 netns H1 type veth peer name h2 netns H2" $?',
        'echo "--at $__nslab_step"',
      ].join('\n'),
    );
    expect(printed).toContain('✔ step 1 done');
    expect(printed).toContain('✔ step 2 done (it already held: your earlier commands did it)');
    expect(printed).toContain('--at 3/3');
    expect(outcome.steps.map((s) => s.status)).toEqual(['done', 'done', 'failed']);
  });
});

const FOUR = `---
title: Four namespaces
---

# Four namespaces
${[1, 2, 3, 4].map((n) => `
## Make H${n}

\`\`\`sh
ip netns add H${n}
\`\`\`

\`\`\`check
namespace H${n} exists
\`\`\`
`).join('')}`;
const four = parseScenario(FOUR, 'four.md');
if (!four.ok) throw new Error('fixture does not parse');

describe('check in a practice session after the first ✘ (tester3)', () => {
  it('says for each step what is true: done and still holding, done but no longer holding, not reached', async () => {
    const { printed } = await practiseWith(
      four.scenario,
      [
        ...[1, 2, 3].map((n) => `ip netns add H${n}; __nslab_verify ${n} "ip netns add H${n}" $?`),
        'ip netns del H1; ip netns del H3',
        'check',
      ].join('\n'),
    );
    const table = printed.split('\n').filter((l) => /^ {2}\S \d /.test(l));
    expect(table).toEqual([
      '  ✘ 1 Make H1  done, but no longer holds',
      '  ✔ 2 Make H2',
      '  ✘ 3 Make H3  done, but no longer holds',
      '  · 4 Make H4  not reached',
    ]);
    expect(printed).toContain('Step 1 does not hold:');
    expect(printed).toContain('1 of 4 steps hold');
  });
});

const LOOPING = parseScenario(`---
title: A looping check
---

# A looping check

## Make H1

\`\`\`sh
ip netns add H1
\`\`\`

\`\`\`zx {check timeout=1s}
// H1 exists (a script that never ends)
while (true) {}
\`\`\`
`, 'looping.md');
if (!LOOPING.ok) throw new Error('fixture does not parse');

describe('a zx check that runs into its limit in practice (tester4)', () => {
  it('is said once, after the first command it held up, naming the check and its limit', async () => {
    const { printed } = await practiseWith(LOOPING.scenario, ['__nslab_verify 1 "true" 0', '__nslab_verify 2 "true" 0', 'echo end'].join('\n'));
    const flat = printed.replace(/\s+/g, ' ');
    expect(flat).toContain("The check on line 13 (zx: H1 exists (a script that never ends)) did not end within 1.0 s: after each command of step 1, nslab waits that long for it. The check is at fault, not your command: tell the scenario's author (its script may loop).");
    expect(flat.split('did not end within').length - 1).toBe(1);
    expect(printed).toContain('end');
  });
});
