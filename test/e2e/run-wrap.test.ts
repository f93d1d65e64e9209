/**
 * `run --yes` in an 80-column terminal: a `why:` line, a failed check's found and the `⚠
 * background command exited` line are wrapped at words with a hanging indent (they ran off the
 * edge, folded by the terminal mid-word); piped, each stays one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { textWidth } from '../../src/util/text-width.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { TmuxTerminal } from '../helpers/tmux.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-wrap-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.close());

/** H2's end of the link is left down: the ping fails, and so does the check, for a long reason. */
const SCENARIO = `---
title: Why lines
---
## A link half up

\`\`\`sh
ip netns add H1
ip netns add H2
ip link add H1-eth0 netns H1 type veth peer name H2-eth0 netns H2
ip netns exec H1 ip addr add 10.0.0.1/24 dev H1-eth0
ip netns exec H1 ip link set H1-eth0 up
\`\`\`

\`\`\`sh {exit=nonzero}
ip netns exec H1 ping -c 1 -W 1 10.0.0.2
\`\`\`

\`\`\`check
H1: ping 10.0.0.2 succeeds
\`\`\`
`;
/** A background command that exits at once, written long enough to need two lines at 80 columns. */
const LONG_COMMAND = 'sh -c "echo gave up; exit 3" # a server that would listen on 10.0.0.2 port 8080 if it could';
const BACKGROUND = `---
title: A background command that exits
---
## Start it

\`\`\`sh {background}
${LONG_COMMAND}
\`\`\`

\`\`\`sh
sleep 1
\`\`\`
`;
const REASON = 'H2-eth0 in H2, the other end of H1-eth0 in H1, is down, so nothing sent to it arrives.';

/** The terminal 80 columns wide, running `run FILE --yes` until it ends; its lines as tmux holds them. */
async function runIn80Columns(file: string): Promise<string[]> {
  terminal = new TmuxTerminal(`env NO_COLOR=1 node bin/nslab run ${file} --yes; echo NSLAB-EXIT=$?`, ROOT, { columns: 80, rows: 50 });
  // -J joins lines the terminal folded: a line wider than 80 here was not wrapped by nslab.
  return (await terminal.waitFor(/NSLAB-EXIT=\d+/)).split('\n');
}

/** A wrapped message: its first line and the lines indented by `indent` right after it. */
function wrappedBlock(lines: readonly string[], from: number, indent: string): string[] {
  let end = from + 1;
  while (lines[end]?.startsWith(indent)) end++;
  return lines.slice(from, end);
}

describe('run --yes in an 80-column terminal', () => {
  it('wraps why: and found lines at words with a hanging indent; piped output keeps them whole', async () => {
    const file = join(work, 'why.md');
    writeFileSync(file, SCENARIO);
    const lines = await runIn80Columns(file);
    const why = lines.findIndex((l) => l.startsWith('    why: '));
    const found = lines.findIndex((l) => l.startsWith('    found ping exited 1'));
    expect(why).toBeGreaterThan(0);
    expect(found).toBeGreaterThan(why);
    const whyLines = wrappedBlock(lines, why, '         ');
    const foundLines = wrappedBlock(lines, found, '          ');
    expect(whyLines.length).toBeGreaterThan(1);
    expect(foundLines.length).toBeGreaterThan(1);
    for (const l of [...whyLines, ...foundLines]) expect(textWidth(l.trimEnd())).toBeLessThanOrEqual(80);
    const words = (ls: string[]) => ls.map((l) => l.trim()).join(' ');
    expect(words(whyLines)).toBe(`why: ${REASON}`);
    expect(words(foundLines)).toMatch(new RegExp(`^found ping exited 1: .* — ${REASON.replace(/[.,]/g, '\\$&')}$`));

    const piped = await runCli(['run', file, '--yes']);
    expect(piped.stdout).toContain(`    why: ${REASON}\n`);
  });

  it('wraps the ⚠ line of a background command that exited, under its text', async () => {
    const file = join(work, 'background.md');
    writeFileSync(file, BACKGROUND);
    const lines = await runIn80Columns(file);
    const warning = lines.findIndex((l) => l.startsWith('⚠ background command exited with status 3'));
    expect(warning).toBeGreaterThanOrEqual(0);
    const block = wrappedBlock(lines, warning, '  ');
    expect(block.length).toBeGreaterThan(1);
    for (const l of block) expect(textWidth(l.trimEnd())).toBeLessThanOrEqual(80);
    expect(block.map((l) => l.trim()).join(' ')).toBe(`⚠ background command exited with status 3 before the run ended: ${LONG_COMMAND}`);
    expect(lines[warning + block.length]).toBe('│ gave up');

    const piped = await runCli(['run', file, '--yes']);
    expect(piped.stdout).toContain(`⚠ background command exited with status 3 before the run ended: ${LONG_COMMAND}\n`);
  });
});
