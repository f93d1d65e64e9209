import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SCENARIO = join(work, 'guided.md');
writeFileSync(
  SCENARIO,
  `---
title: Guided
---
Introduction text.

## First step

Runs when Enter is pressed.

\`\`\`sh
echo first-ran
\`\`\`

## Second step

\`\`\`sh
echo second-ran
\`\`\`

## Third step

\`\`\`sh {output="nope"}
echo third-ran
\`\`\`
`,
);

const DOWN = '\x1b[B';
const ENTER = '\r';
const PENDING = /\? (Run this step\?|The step failed\. What now\?)/;
const ANSWERED = /✔ (Run this step\?|The step failed\. What now\?) ·/;

/** Terminals still open: a test that times out must not leave its nslab waiting at a prompt. */
const terminals = new Set<ChildProcess>();
afterAll(() => {
  // Closing the terminal (script(1) ends) hangs nslab up: it runs its cleanup and exits.
  for (const child of terminals) child.kill('SIGKILL');
});

/**
 * Runs `nslab run` on a pseudo-terminal (script(1), util-linux) and answers each prompt, once
 * it is shown, with the next keys of `answers` (each key sent on its own, as a person types).
 */
function runOnTerminal(answers: string[][], file = SCENARIO): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const command = `${process.execPath} bin/nslab run ${file}`;
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    terminals.add(child);
    let screen = '';
    let from = 0;
    let waiting: 'prompt' | 'answer' = 'prompt';
    const typeKeys = async (keys: string[]) => {
      for (const key of keys) {
        child.stdin.write(key);
        await new Promise((r) => setTimeout(r, 30));
      }
    };
    const react = () => {
      const fresh = screen.slice(from);
      if (waiting === 'prompt' && PENDING.test(fresh) && answers.length > 0) {
        waiting = 'answer';
        from = screen.length;
        void typeKeys(answers.shift()!);
      } else if (waiting === 'answer') {
        const done = ANSWERED.exec(fresh);
        if (done) {
          from += done.index + done[0].length;
          waiting = 'prompt';
          // The next prompt may have come in the same chunk as this answer.
          react();
        }
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      screen += stripVTControlCharacters(d.toString());
      react();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      terminals.delete(child);
      resolve({ code, screen });
    });
  });
}

describe('a guided run on a terminal', () => {
  it('pauses before each step: Enter runs, Skip skips, and after a failure Quit ends the run', async () => {
    // Step 1: Enter (Run). Step 2: Down, Enter (Skip). Step 3: Enter (Run), fails; then Quit.
    const run = await runOnTerminal([[ENTER], [DOWN, ENTER], [ENTER], [DOWN, DOWN, ENTER]]);
    expect(run.screen).toContain('Introduction text.');
    expect(run.screen).toContain('Runs when Enter is pressed.');
    expect(run.screen).toContain('│ first-ran');
    expect(run.screen).toContain('↷ Step 2 skipped');
    expect(run.screen).not.toContain('│ second-ran');
    expect(run.screen).toContain('│ third-ran');
    expect(run.screen).toContain('✘ expected output contains "nope"');
    expect(run.screen).toContain('FAILED Guided · 1 passed, 1 failed, 1 skipped, 0 not run');
    expect(run.code).toBe(1);
  });

  it('Retry after a failure runs the step again', async () => {
    // Steps 1-3: Enter. Step 3 fails: Enter (Retry), fails again: Quit.
    const run = await runOnTerminal([[ENTER], [ENTER], [ENTER], [ENTER], [DOWN, DOWN, ENTER]]);
    expect(run.screen).toContain('(attempt 2)');
    expect(run.screen.split('│ third-ran').length - 1).toBe(2);
    expect(run.code).toBe(1);
  });

  it('t at the pause draws the topology as it is, then asks again', async () => {
    const file = join(work, 'topology.md');
    writeFileSync(file, '---\ntitle: Topology at the pause\n---\n## Make a host\n\n```sh\nip netns add H1\n```\n\n## Then\n\n```sh\necho then-ran\n```\n');
    // Step 1: Enter. Step 2: t (Topology), then Enter (Run).
    const run = await runOnTerminal([[ENTER], ['t'], [ENTER]], file);
    expect(run.screen).toMatch(/│ H1 +│\s+│ host │/);
    expect(run.screen).toContain('│ then-ran');
    expect(run.code).toBe(0);
  });

  it('Ctrl-C at a prompt ends the run as interrupted, exit 130, with nothing run', async () => {
    const run = await runOnTerminal([['\x03']]);
    expect(run.screen).toContain('INTERRUPTED Guided');
    expect(run.screen).not.toContain('│ first-ran');
    expect(run.code).toBe(130);
  });
});
