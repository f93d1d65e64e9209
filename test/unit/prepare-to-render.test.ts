import { describe, expect, it } from 'vitest';
import { prepareToRender } from '../../src/report/render-markdown.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { textWidth } from '../../src/util/text-width.js';

function scenario(text: string) {
  const parsed = parseScenario(text, 'x.md');
  if (!parsed.ok) throw new Error('fixture does not parse');
  return parsed.scenario;
}

// In order: the first scenario must not load string-width, the second must.
describe('prepareToRender', () => {
  it('loads nothing for a scenario whose tables are ASCII, even with non-ASCII prose and titles', async () => {
    await prepareToRender(scenario('---\ntitle: Routers — basics\n---\n# R\n\nA dash — here.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Step — one\n\n```sh\ntrue\n```\n'));
    expect(textWidth('名前')).toBe(2); // a column a code point: string-width not loaded
  });

  it('loads exact widths for a scenario with a CJK table in a step', async () => {
    await prepareToRender(scenario('---\ntitle: R\n---\n# R\n\n## One\n\n| 名前 | x |\n|---|---|\n| ab | y |\n\n```sh\ntrue\n```\n'));
    expect(textWidth('名前')).toBe(4);
  });
});
