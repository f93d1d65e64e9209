/**
 * Drives a practice session from its shell side without a terminal: a bash script that has
 * sourced the practice rc file plays the student (its commands, `hint`, `solve`...).
 */
import { spawn } from 'node:child_process';
import { Chalk } from 'chalk';
import { CHANNEL_DIR, practice } from '../../src/practice/practice.js';
import { createPracticeView } from '../../src/view/terminal/practice-view.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import type { Scenario } from '../../src/scenario/model.js';
import type { SessionOutcome } from '../../src/verify/outcome.js';

/** Runs a bash script in the sandbox that has sourced the practice rc file, as the student's side; returns what it printed. */
export function student(sandbox: Sandbox, script: string): Promise<string> {
  const argv = [...sandbox.enter!, 'bash', '--noprofile', '--norc', '-c', `. ${CHANNEL_DIR}/rc.bash\n${script}`];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

/**
 * Practises `source` with `script` as the student's side.
 * @returns what nslab showed before the shell (`shown`), what the shell printed (`printed`:
 *   nslab's answers to the student's requests included), and the session's outcome
 */
export async function practiseWith(source: Scenario, script: string, resumeAt?: number): Promise<{ shown: string; printed: string; outcome: SessionOutcome }> {
  let printed = '';
  let shown = '';
  const outcome = await practice(source, {
    render: createPracticeView(new Chalk({ level: 0 })),
    write: (s) => (shown += s),
    resumeAt,
    shell: async (sandbox) => {
      printed = await student(sandbox, script);
    },
  });
  return { shown, printed, outcome };
}
