import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { TmuxTerminal } from '../helpers/tmux.js';
import type { RunReport } from '../../src/report/run-report.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const STATE = join(work, 'state');
let program: TmuxTerminal | undefined;
afterEach(async () => {
  if (program) await end(program);
  program = undefined;
});

/** `command` on a real terminal, plain (no colour), saying how it exited: `EXIT=N`. */
function startInTmux(command: string, cwd: string): TmuxTerminal {
  return new TmuxTerminal(`NO_COLOR=1 TERM=xterm ${command}; echo "EXIT=$?"`, cwd);
}

/**
 * Ends a program still running with Ctrl-C and waits (bounded) for it to exit — it may still
 * write its report and progress, and must not after the test removed its directory — then
 * closes the terminal.
 */
async function end(terminal: TmuxTerminal): Promise<void> {
  if (!terminal.screen().includes('EXIT=')) {
    terminal.send('C-c');
    await terminal.waitFor('EXIT=', 15_000).catch(() => {});
  }
  terminal.close();
}

const DEMO = join(work, 'demo.md');
writeFileSync(
  DEMO,
  `---
title: Demo lab
---
# Demo lab

## Say hello

Lead-in prose of the first command.

\`\`\`sh
echo demo-ran-$((6*7))
seq 1 150
\`\`\`

\`\`\`check
namespace H9 is absent
\`\`\`

## Second step

\`\`\`sh
echo second-step-ran
\`\`\`
`,
);

const nslab = `${process.execPath} ${join(ROOT, 'bin/nslab')}`;
const TYPED = '$ echo demo-ran-$((6*7))';

describe('run --demo on a terminal', () => {
  it('types each command out, runs nothing until Enter, shows all the output and a short ✔ per check', async () => {
    program = startInTmux(`XDG_STATE_HOME=${STATE} ${nslab} run --demo ${DEMO} --typing-speed 15`, work);
    // The command appears a few characters at a time: some screen shows a part of it only.
    const partial = await program.waitFor(/\$ echo d(?!emo-ran-\$\(\(6\*7\)\))/);
    expect(partial).toContain('Lead-in prose of the first command.');
    let screen = await program.waitFor(TYPED);
    // Typed in full, and still not run: it waits for Enter (a generous look, not a timing bound).
    await new Promise((r) => setTimeout(r, 1000));
    screen = program.screen();
    expect(screen).not.toContain('demo-ran-42');
    expect(screen).not.toContain('seq 1 150');
    program.send('Enter');
    screen = await program.waitFor('│ demo-ran-42');
    await program.waitFor('$ seq 1 150');
    expect(program.screen()).not.toContain('│ 150');
    program.send('Enter');
    screen = await program.waitFor('✔ namespace H9 is absent');
    // In full: every line, none held back as in a normal run (100 first, 20 last).
    for (let n = 1; n <= 150; n++) expect(screen).toMatch(new RegExp(`^│ ${n}$`, 'm'));
    expect(screen).not.toContain('not shown');
    // No menus: the next step starts unasked and waits at its command.
    await program.waitFor('$ echo second-step-ran');
    expect(program.screen()).not.toMatch(/Run this step\?/);
    program.send('Enter');
    screen = await program.waitFor('EXIT=0');
    expect(screen).toContain('PASSED Demo lab');
  });

  it('--step works: the steps before are fast-forwarded, Ctrl-C at the Enter wait interrupts (exit 130)', async () => {
    program = startInTmux(`XDG_STATE_HOME=${STATE} ${nslab} run --demo ${DEMO} --typing-speed 0 --step 2`, work);
    const screen = await program.waitFor('$ echo second-step-ran');
    expect(screen).toContain('⏩ 1 fast-forwarded');
    program.send('C-c');
    const end = await program.waitFor('EXIT=');
    expect(end).not.toContain('│ second-step-ran');
    expect(end).toContain('EXIT=130');
  });

  it('refuses --demo without a terminal, and with --yes or --predict', async () => {
    for (const args of [['--demo'], ['--demo', '--yes'], ['--demo', '--predict'], ['--typing-speed', '9']]) {
      const run = await runCli(['run', DEMO, ...args], { XDG_STATE_HOME: STATE });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--demo|--typing-speed|--predict/);
    }
  });
});

describe('run --predict on a terminal', () => {
  it('asks before each ping, reveals right or wrong with why, and records the predictions in the report and progress', async () => {
    const report = join(work, 'predict.json');
    program = startInTmux(`XDG_STATE_HOME=${STATE} ${nslab} run --predict scenarios/l3-router.md --from 7 --report ${report}`, ROOT);
    await program.waitFor(/Run this step\?/);
    program.send('Enter');
    // Step 7's ping: "fails: all packets lost" is the fourth choice.
    let screen = await program.waitFor(/\? What will this do\?/);
    expect(screen).toContain('fails: Network is unreachable');
    program.send('Down', 'Down', 'Down', 'Enter');
    screen = await program.waitFor('✔ You predicted: fails: all packets lost. Right.');
    expect(screen).toMatch(/why: R has the routes, but forwarding is disabled/);
    await program.waitFor(/Step 8\/8[\s\S]*\? Run this step\?/);
    program.send('Enter');
    // Step 8's two pings: the first right (succeeds), the second wrong.
    await program.waitFor(/Step 8\/8[\s\S]*\? What will this do\?/);
    program.send('Enter');
    await program.waitFor(/Step 8\/8[\s\S]*✔ You predicted: succeeds\. Right\.[\s\S]*\? What will this do\?/);
    program.send('Down', 'Enter');
    screen = await program.waitFor('EXIT=0');
    expect(screen).toContain('✘ You predicted: fails: Network is unreachable. It succeeds.');
    expect(screen).toMatch(/why: H2 has a route to 10\.0\.1\.2, every router on the way forwards/);
    const json = JSON.parse(readFileSync(report, 'utf8')) as RunReport;
    expect(json.mode).toBe('predict');
    expect(json.steps[6]!.predictions.map((p) => [p.answer, p.actual, p.right])).toEqual([['fails: all packets lost', 'fails: all packets lost', true]]);
    expect(json.steps[6]!.predictions[0]!.why).toMatch(/forwarding is disabled/);
    expect(json.steps[7]!.predictions.map((p) => p.right)).toEqual([true, false]);
    expect(json.totals).toMatchObject({ predictions: 3, predictionsRight: 2 });
    const progress = await runCli(['progress', '--format', 'json'], { XDG_STATE_HOME: STATE });
    const rows = JSON.parse(progress.stdout) as Array<{ progress: { scenario: { title: string }; steps: Array<{ predictions: unknown[] }> } }>;
    const router = rows.find((r) => r.progress.scenario.title.startsWith('A layer-3 router'))!;
    expect(router.progress.steps.flatMap((s) => s.predictions)).toHaveLength(3);
  });

  it('Ctrl-C at a prediction ends the run as interrupted (exit 130), the command not run', async () => {
    program = startInTmux(`XDG_STATE_HOME=${STATE} ${nslab} run --predict scenarios/l3-router.md --step 5`, ROOT);
    await program.waitFor(/Run this step\?/);
    program.send('Enter');
    await program.waitFor(/\? What will this do\?/);
    program.send('C-c');
    const screen = await program.waitFor('EXIT=');
    expect(screen).toContain('EXIT=130');
    expect(screen).toContain('INTERRUPTED');
    expect(screen).not.toContain('connect: Network is unreachable');
  });
});
