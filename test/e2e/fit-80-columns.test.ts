/**
 * Everything a run, a practice shell and `nslab check` print fits a terminal 80 columns wide
 * (tmux): the summary, lint warnings, the `--yes` notice, status rows, a long `$ command` broken
 * between its words with ` \` continuations (never at a space a shell would not allow), the
 * table's title line. Piped, each stays one line. And `nslab check` run among a run's commands
 * says that it read the run's sandbox, not the host.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { textWidth } from '../../src/util/text-width.js';
import { count, TmuxTerminal } from '../helpers/tmux.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-fit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.close());

/** Long enough to need two lines at 80 columns after `  $ `; breakable only outside its quotes. */
const LONG_COMMAND = 'ip netns exec H1 sh -c "ip link add v0 type veth peer name v1 && echo made it" an-argument-for-sh /tmp/a-path';
const TITLE = 'A lesson whose title is long enough to push the summary past the edge';
const STEP_TITLE = 'A step whose title is long enough to need a second row in the status table of practice';
const SCENARIO = `---
title: ${TITLE}
---
## ${STEP_TITLE}

\`\`\`sh
ip netns add H1
${LONG_COMMAND}
\`\`\`

\`\`\`sh {exit=nonzero}
ip netns exec H1 ping -c 1 127.0.0.2 -I lo
\`\`\`

\`\`\`check
H1: link v0 exists
\`\`\`
`;

/** Every line as the terminal holds it, folds joined: one wider than 80 was folded by the terminal. */
function tooWide(screen: string): string[] {
  return screen.split('\n').filter((l) => textWidth(l.trimEnd()) > 80);
}

/** The lines of a command broken with continuations, from its first: those ending in ` \`, and the next. */
function brokenCommand(lines: readonly string[], first: number): string[] {
  let end = first;
  while (lines[end]?.endsWith(' \\')) end++;
  return lines.slice(first, end + 1);
}

/** What a shell reads from broken lines: each continuation joins the next line, its indent dropped. */
const asShellReads = (lines: readonly string[]) => lines.map((l) => l.trim()).join('\n').replace(/ \\\n/g, ' ');

describe('80 columns', () => {
  it('run --yes: notice, warning, long command, summary within the width; piped, one line each', async () => {
    const file = join(work, 'long.md');
    writeFileSync(file, SCENARIO);
    terminal = new TmuxTerminal(`env NO_COLOR=1 node bin/nslab run ${file} --yes; echo NSLAB-EXIT=$?`, ROOT, { columns: 80, rows: 60 });
    const screen = await terminal.waitFor(/NSLAB-EXIT=\d+/, 60_000);
    expect(screen).toContain('NSLAB-EXIT=0');
    expect(tooWide(screen)).toEqual([]);
    const lines = screen.split('\n');
    const command = brokenCommand(lines, lines.findIndex((l) => l.startsWith('$ ip netns exec H1 sh -c')));
    expect(command.length).toBeGreaterThan(1);
    expect(asShellReads(command).replace(/ {2}✔ .*$/, '')).toBe(`$ ${LONG_COMMAND}`);
    expect(command.some((l) => l.includes('"ip link add v0 type veth peer name v1 && echo made it"'))).toBe(true);
    for (const start of ['PASSED ', 'nslab: running ', `${file}:`]) {
      const at = lines.findIndex((l) => l.startsWith(start));
      expect(at, start).toBeGreaterThanOrEqual(0);
      expect(lines[at + 1], `${start} continues on an indented line`).toMatch(/^ +\S/);
    }

    const piped = await runCli(['run', file, '--yes']);
    expect(piped.stdout).toContain(`$ ${LONG_COMMAND}\n`);
    expect(piped.stdout).toContain(`━━ Step 1/1 · ${STEP_TITLE}\n`);
    expect(piped.stdout).toMatch(new RegExp(`^PASSED ${TITLE} · 1 passed, 0 failed, 0 skipped, 0 not run · .*$`, 'm'));
    expect(piped.stderr).toMatch(/^nslab: running .* without pauses: .*lists them\)$/m);
    expect(piped.stderr).toMatch(/^.*long\.md:\d+:\d+: warning: ping without -W .* \[ping-without-wait\]$/m);
  }, 90_000);

  it('practice: the listing breaks a long command where a shell allows, typed back as shown it counts; status and check fit', async () => {
    const file = join(work, 'practice.md');
    writeFileSync(file, SCENARIO);
    const prompt = '[practice 1/1] # ';
    terminal = new TmuxTerminal(`env NO_COLOR=1 node bin/nslab practice ${file} --restart; echo NSLAB-EXIT=$?`, ROOT, { columns: 80, rows: 60 });
    const t = terminal;
    let screen = await t.waitFor((s) => s.trimEnd().endsWith(prompt.trimEnd()), 30_000);
    const lines = screen.split('\n');
    const listed = brokenCommand(lines, lines.findIndex((l) => l.startsWith('  $ ip netns exec H1 sh -c')));
    expect(listed.length).toBeGreaterThan(1);
    expect(asShellReads(listed)).toBe(`$ ${LONG_COMMAND}`);
    t.type('ip netns add H1');
    // Typed back line by line as listed: bash joins the continuations into the one command.
    for (const l of listed) t.type(l.trim().replace(/^\$ /, ''));
    await t.waitFor((s) => count(s, '✔ step 1 done') === 1, 30_000);
    t.type('status');
    screen = await t.waitFor(/1 of 1 steps finished/);
    t.type('check');
    screen = await t.waitFor(/1 of 1 steps hold/);
    expect(tooWide(screen)).toEqual([]);
    const rows = screen.split('\n');
    const title = rows.findIndex((l) => l.startsWith(`${TITLE} ·`));
    expect(rows[title + 1]).toMatch(/^ {2}\S/);
    const row = rows.findIndex((l) => l.startsWith('  ✔ 1 A step whose title'));
    expect(`${rows[row]} ${rows[row + 1]!.trim()}`).toContain(STEP_TITLE);
    t.type('exit');
    await t.waitFor(/NSLAB-EXIT=0/);
  }, 120_000);

  it("nslab check among a run's commands names the run's sandbox, not the host's namespaces", async () => {
    // The run's /tmp is its own: the scenario writes the lesson that nslab check reads there.
    const inner = '/tmp/inner.md';
    const outer = join(work, 'outer.md');
    writeFileSync(outer, [
      '---', 'title: Outer', '---', '## Check from inside', '', '````sh',
      `cat > ${inner} <<'EOF'`, '---', 'title: Inner', '---', '## One namespace', '', '```sh', 'ip netns add X', '```', '', '```check', 'namespace X exists', '```', 'EOF',
      '````', '', '```sh', 'ip netns add X', `node ${join(ROOT, 'bin/nslab')} check ${inner}`, '```', '',
    ].join('\n'));
    const run = await runCli(['run', outer, '--yes']);
    expect(run.stdout).toContain('│ Inner · ' + inner + " · the private sandbox it runs in (a run's, not the host's)");
    expect(run.stdout).not.toContain("the host's namespaces");
    expect(run.code).toBe(0);
  }, 60_000);
});
