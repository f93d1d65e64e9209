/**
 * A read-only command may run while the `why:` line of the failing ping before it is still
 * being worked out (run-step.ts, mayOverlap); a command that may change the state never does.
 * Either way the events come in command order, each `command-end` with its explanation.
 *
 * The overlap is proved without timing: the diagnosis's namespace-list read is held back until
 * the shell has started the next command. Without the overlap that read would wait for a command
 * that waits for it; the hold gives up after GIVE_UP_MS and the test sees that it did.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/run/events.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import type { Exec, Sandbox } from '../../src/sandbox/types.js';
import { withSandbox } from '../helpers/with-sandbox.js';

const GIVE_UP_MS = 4000;

function scenarioWith(next: string) {
  const parsed = parseScenario(
    `---
title: Overlap
---

## A host without routes

\`\`\`sh
ip netns add H1
ip netns exec H1 ip link set lo up
\`\`\`

## Unreachable, then the next command

\`\`\`sh {exit=nonzero output="Network is unreachable"}
ip netns exec H1 ping -c 1 -W 1 10.9.9.9
\`\`\`

\`\`\`sh
${next}
\`\`\`
`,
    'overlap.md',
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.scenario;
}

/**
 * The sandbox, with its reads of the namespace list held until the shell starts `next` (or
 * GIVE_UP_MS passed), and a log of when the shell started each command and reads ended.
 */
function holdingSandbox(sandbox: Sandbox, next: string) {
  const log: string[] = [];
  let releaseHold!: () => void;
  const nextStarted = new Promise<void>((resolve) => (releaseHold = resolve));
  let gaveUp = false;
  const exec: Exec = async (argv, options) => {
    if (argv.join(' ').endsWith('-json netns list')) {
      const timer = new Promise<'gave up'>((resolve) => setTimeout(() => resolve('gave up'), GIVE_UP_MS));
      if ((await Promise.race([nextStarted, timer])) === 'gave up') gaveUp = true;
    }
    const result = await sandbox.exec(argv, options);
    log.push(`read ${argv.slice(1).join(' ')}`);
    return result;
  };
  const held: Sandbox = {
    ...sandbox,
    exec,
    close: () => sandbox.close(),
    openShell: async () => {
      const shell = await sandbox.openShell();
      return {
        ...shell,
        run: (command, options) => {
          log.push(`shell ${command}`);
          if (command === next) releaseHold();
          return shell.run(command, options);
        },
        runBackground: (command) => shell.runBackground(command),
        backgroundEnded: () => shell.backgroundEnded(),
        interrupt: () => shell.interrupt(),
        close: () => shell.close(),
      };
    },
  };
  return { held, log, gaveUp: () => gaveUp };
}

/** The step's command events, as `kind command` (and the explanation of each end). */
function commandEvents(events: RunEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.kind === 'command-start') return [`start ${e.command.text}`];
    if (e.kind === 'command-end') return [`end ${e.outcome.command.text}${e.outcome.explanation ? ` · why: ${e.outcome.explanation}` : ''}`];
    return [];
  });
}

describe('a command after a failing ping, while its `why:` line is worked out', () => {
  it('starts at once when it is read-only; the events still come in order', async () => {
    const next = 'ip netns exec H1 ip route';
    await withSandbox(async (sandbox) => {
      const { held, gaveUp } = holdingSandbox(sandbox, next);
      const events: RunEvent[] = [];
      const result = await runScenario(scenarioWith(next), { privateSandbox: Promise.resolve(held), onEvent: (e) => events.push(e) });
      expect(result.status).toBe('passed');
      expect(gaveUp()).toBe(false);
      const order = commandEvents(events).slice(-4);
      expect(order[0]).toBe('start ip netns exec H1 ping -c 1 -W 1 10.9.9.9');
      expect(order[1]).toMatch(/^end ip netns exec H1 ping -c 1 -W 1 10\.9\.9\.9 · why: H1 has no route to 10\.9\.9\.9/);
      expect(order.slice(2)).toEqual([`start ${next}`, `end ${next}`]);
    });
  });

  it('waits for the diagnosis when it may change the state', async () => {
    const next = 'ip netns exec H1 ip route add default dev lo';
    await withSandbox(async (sandbox) => {
      const { held, log, gaveUp } = holdingSandbox(sandbox, next);
      const result = await runScenario(scenarioWith(next), { privateSandbox: Promise.resolve(held) });
      expect(result.status).toBe('passed');
      expect(result.steps[1]!.commands[0]!.explanation).toMatch(/no route/);
      // The held read gave up waiting; every read of the diagnosis ended before the route was added.
      expect(gaveUp()).toBe(true);
      const added = log.indexOf(`shell ${next}`);
      expect(log.slice(added + 1).filter((l) => l.startsWith('read '))).toEqual([]);
    });
  }, GIVE_UP_MS + 20_000);
});
