import { describe, expect, it } from 'vitest';
import { prepareToRender } from '../../src/view/terminal/render-markdown.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { textWidth } from '../../src/util/text-width.js';

function scenario(text: string) {
  const parsed = parseScenario(text, 'x.md');
  if (!parsed.ok) throw new Error('fixture does not parse');
  return parsed.scenario;
}

// In order: the first scenario must not load string-width, the second must.
describe('prepareToRender', () => {
  it('loads nothing for a scenario whose prose, tables and titles hold only one-column characters (dashes, Greek)', async () => {
    await prepareToRender(scenario('---\ntitle: Routers — basics\n---\n# R\n\nA dash — here, λ → µ, ✔ and ✘.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Step — one\n\n```sh\ntrue\n```\n'));
    expect(textWidth('名前')).toBe(2); // a column a code point: string-width not loaded
  });

  it('loads exact widths for a scenario with CJK in a paragraph of a step (it is wrapped to the terminal)', async () => {
    await prepareToRender(scenario('---\ntitle: R\n---\n# R\n\n## One\n\nルーターは二つのネットワークをつなぐ。\n\n```sh\ntrue\n```\n'));
    expect(textWidth('名前')).toBe(4);
  });
});
