/**
 * `nslab practice` through a real terminal (tmux): a `background` server that `solve` started
 * and that died is named by `why --tcp` and by the failing `tcp ... accepts` check, as in `run`
 * (issue 17; it was wired only into run and test: practice said "nothing listens").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { deadSocatScenario } from '../helpers/dead-server.js';
import { ROOT } from '../helpers/run-cli.js';
import { count, TmuxTerminal } from '../helpers/tmux.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-practice-bg-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.close());

/** H2's server binds an address nobody has, so it exits at once. */
const SCENARIO = deadSocatScenario(['H1: tcp 10.0.0.2:8080 accepts']);

const prompt = (step: string) => `[dead-server ${step}] # `;
/** The screen ends with the prompt: what was typed before it has been answered. */
const atPrompt = (step: string) => (s: string) => s.trimEnd().endsWith(prompt(step).trimEnd());
const DIED = /the background server `ip netns exec H2 socat TCP-LISTEN:8080,bind=10\.0\.0\.9,fork STDOUT` started in step 2 exited with status 1: .*Cannot assign requested address/;

describe('practice: a background server that died', () => {
  it('is named by why --tcp and by the failing tcp check', async () => {
    const file = join(work, 'dead-server.md');
    writeFileSync(file, SCENARIO);
    const t = (terminal = new TmuxTerminal(`env NO_COLOR=1 node bin/nslab practice ${file} --restart; echo "NSLAB-EXIT=$?"`, ROOT));
    await t.waitFor(prompt('1/3'));
    t.type('solve');
    await t.waitFor(prompt('2/3'));
    t.type('solve');
    await t.waitFor(prompt('3/3'));
    t.type('why H1 10.0.0.2 --tcp 8080');
    // `why` wraps its cause at the terminal's width with an indent: joined back into one line.
    const joined = (s: string) => s.replace(/\n +/g, ' ');
    const why = joined(await t.waitFor((s) => /Cause: .*background server/.test(joined(s)) && atPrompt('3/3')(s)));
    expect(why).toMatch(DIED);
    expect(why).not.toContain('nothing listens there');
    const prompts = count(t.screen(), prompt('3/3'));
    t.type('next');
    const next = await t.waitFor((s) => count(s, prompt('3/3')) > prompts && atPrompt('3/3')(s));
    // The view wraps a long found with an indent: joined back into one line.
    const answer = next.slice(next.lastIndexOf('# next')).replace(/\n +/g, ' ');
    expect(answer).toContain('tcp 10.0.0.2:8080 accepts');
    expect(answer).toMatch(DIED);
    t.type('exit');
    await t.waitFor(/NSLAB-EXIT=\d+/);
  }, 60_000);
});
