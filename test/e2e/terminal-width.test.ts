/**
 * Output that fits the terminal, seen in a real one (tmux) at 80 and 120 columns: a guided
 * run's prose wrapped at spaces (never "interfa|ce"), and the topology redrawn after a step
 * (`--show-topology`) within the width.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { textWidth } from '../../src/util/text-width.js';
import { ROOT } from '../helpers/run-cli.js';
import { TmuxTerminal } from '../helpers/tmux.js';

let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.close());

/** Markdown prose as the terminal shows it without colour: the inline marks gone, one space between words. */
function plainWords(markdown: string): string {
  return markdown.replace(/[*`]/g, '').replace(/\s+/g, ' ').trim();
}

describe.each([80, 120])('a guided run in a terminal %i columns wide', (columns) => {
  it('wraps the prose at spaces within the width, and draws the topology within it', async () => {
    const scenario = await loadScenario('scenarios/l3-router.md');
    const t = (terminal = new TmuxTerminal(`env NO_COLOR=1 node bin/nslab run scenarios/l3-router.md --yes --to 3 --show-topology; echo "NSLAB-EXIT=$?"; sleep 600`, ROOT, { columns, rows: 50 }));
    await t.waitFor('NSLAB-EXIT=0', 60_000);
    const rows = t.rows().filter((r) => !r.startsWith('NSLAB-EXIT'));
    // No row is as wide as the terminal plus one: nothing was wrapped by the terminal itself.
    for (const row of rows) expect(textWidth(row.trimEnd()), row).toBeLessThanOrEqual(columns);
    // Each paragraph of step 2's explanation is on consecutive rows, every word whole: joined
    // with spaces, the rows give back the paragraph.
    const paragraph = plainWords(scenario.steps[1]!.blocks[0]!.lead);
    const first = rows.findIndex((r) => paragraph.startsWith(r.trim()) && r.trim().length > 20);
    expect(first, `the paragraph "${paragraph.slice(0, 40)}..." is not on screen`).toBeGreaterThan(-1);
    const joined: string[] = [];
    for (let i = first; joined.join(' ').length < paragraph.length; i++) joined.push(rows[i]!.trim());
    expect(joined.join(' ')).toBe(paragraph);
    expect(joined.length).toBeGreaterThan(1);
    // The rows are filled: each row's next word would not have fitted on it.
    joined.slice(1).forEach((row, i) => expect(textWidth(joined[i]!) + 1 + textWidth(row.split(' ')[0]!)).toBeGreaterThan(columns));
    // The topology after step 3 (addresses given) was drawn, as boxes, within the width (above).
    const topology = rows.filter((r) => /^ {2}[│┌└]/.test(r));
    expect(topology.join('\n')).toMatch(/10\.0\.1\.1\/24[\s\S]*10\.0\.2\.2\/24/);
  }, 90_000);
});
