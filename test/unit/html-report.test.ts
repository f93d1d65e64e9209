/**
 * The HTML report (src/report/html/) on a hand-made run: everything from the scenario is text,
 * never markup; the document has the structure a screen reader and a grader rely on; the
 * picture is there with Graphviz and replaced by the text one without it. Parsed with an HTML
 * parser, not matched as strings. (In a real browser, on a real run: test/e2e/html-report.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { buildRunReport } from '../../src/report/build-run-report.js';
import { detailRunReport, svgElement } from '../../src/report/html/detail-run-report.js';
import { createStepStateRecorder } from '../../src/report/html/record-step-states.js';
import { renderHtmlReport } from '../../src/report/html/render-html-report.js';
import { COLLAPSE_LINES } from '../../src/report/html/render-html-step.js';
import { renderReport, reportFormat } from '../../src/report/write-report.js';
import type { CommandOutcome, RunResult, StepResult } from '../../src/run/events.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import type { InterfaceState, NetworkState } from '../../src/topology/network-state.js';
import { validateSchema } from '../helpers/json-schema.js';

const EVIL = '<script>alert("x")</script>';

const parsed = parseScenario(
  `---
title: Lab ${EVIL} & more
---
# Lab

## Build ${EVIL}

Some **bold** prose ${EVIL} and <img src="http://example.invalid/x.png"> and ![pic](http://example.invalid/y.png).

\`\`\`sh
echo '${EVIL}'
seq 1 40
\`\`\`

\`\`\`check
namespace H1 exists
\`\`\`

## Never reached

\`\`\`sh
true
\`\`\`
`,
  'lab.md',
);
if (!parsed.ok) throw new Error('fixture does not parse: ' + JSON.stringify(parsed));
const scenario = parsed.scenario;
const step1 = scenario.steps[0]!;
const commands = step1.blocks.flatMap((b) => (b.kind === 'run' ? b.commands : []));

function outcome(i: number, output: string): CommandOutcome {
  return { command: commands[i]!, result: { exitCode: 0, output, timedOut: false, durationMs: 3 }, failures: [], attempts: 1 };
}

const failedStep: StepResult = {
  step: step1,
  status: 'failed',
  commands: [outcome(0, `${EVIL}\n`), outcome(1, Array.from({ length: 40 }, (_, i) => `${i + 1}`).join('\n') + '\n')],
  checks: [
    {
      check: { ...(step1.blocks.find((b) => b.kind === 'check') as { checks: never[] }).checks[0]!, source: `H1: ${EVIL}` },
      passed: false,
      expected: `namespace ${EVIL}`,
      found: `no namespace ${EVIL}`,
      durationMs: 1,
    },
  ],
  vacuous: false,
  fastForwarded: false,
  durationMs: 40,
  attempts: 1,
  resumeAt: 2,
};
const notRun: StepResult = { step: scenario.steps[1]!, status: 'not-run', commands: [], checks: [], vacuous: false, fastForwarded: false, durationMs: 0, attempts: 0, resumeAt: 0 };
const result: RunResult = { scenario, status: 'failed', steps: [failedStep, notRun], durationMs: 100 };

const context = {
  identity: { path: '/abs/lab.md', sha256: 'a'.repeat(64) },
  mode: 'run' as const,
  sandbox: 'private' as const,
  user: 'ada',
  student: `Eve ${EVIL}`,
  started: new Date('2024-05-01T10:00:00Z'),
  finished: new Date('2024-05-01T10:01:00Z'),
};

const lo: InterfaceState = { name: 'lo', up: true, operstate: 'UNKNOWN', addresses: ['127.0.0.1/8'] };
const before: NetworkState = { namespaces: [{ interfaces: [lo], routes: [], ipForward: false, ipv6Forward: false }], bridges: [] };
/** H1 and H2 joined by a veth pair, H2's end down. */
const after: NetworkState = {
  namespaces: [
    { interfaces: [lo], routes: [], ipForward: false, ipv6Forward: false },
    { name: 'H1', interfaces: [lo, { name: 'H1-eth0', kind: 'veth', up: true, operstate: 'UP', addresses: ['10.0.0.1/24'], peer: { namespace: 'H2', ifname: 'H2-eth0' } }], routes: [], ipForward: false, ipv6Forward: false },
    { name: 'H2', interfaces: [lo, { name: 'H2-eth0', kind: 'veth', up: false, operstate: 'DOWN', addresses: ['10.0.0.2/24'], peer: { namespace: 'H1', ifname: 'H1-eth0' } }], routes: [], ipForward: false, ipv6Forward: false },
  ],
  bridges: [],
};

/** The states a run watching them would have recorded: step 1 ran once and failed. */
function recorded() {
  const recorder = createStepStateRecorder();
  recorder.listener({ kind: 'step-end', result: failedStep });
  recorder.listener({ kind: 'step-state', step: step1, before, after });
  return recorder.recorded;
}

/** Parsed as a browser would: `pre` holds elements (node-html-parser keeps it raw by default). */
const parseHtml = (html: string) => parse(html, { blockTextElements: { script: true, noscript: true, style: true } });

async function page(dot?: string): Promise<{ html: string; root: HTMLElement }> {
  const report = await detailRunReport(buildRunReport(result, context), result, recorded(), { dot });
  const html = renderHtmlReport(report);
  return { html, root: parseHtml(html) };
}

describe('the HTML report', () => {
  it('shows every piece of scenario text as text: no script element, no image, the text intact', async () => {
    const { root } = await page();
    expect(root.querySelectorAll('script')).toHaveLength(0);
    expect(root.querySelectorAll('img')).toHaveLength(0);
    expect(root.querySelector('h1')!.text).toBe(`Lab ${EVIL} & more`);
    expect(root.querySelector('title')!.text).toContain(`Lab ${EVIL}`);
    const step = root.querySelector('#step-1')!;
    expect(step.querySelector('h2')!.text).toContain(`Build ${EVIL}`);
    expect(step.querySelector('.prose')!.text).toContain(`prose ${EVIL}`);
    expect(step.querySelector('.prose strong')!.text).toBe('bold');
    // markdown-it with html: false writes the author's tag as text; the image syntax as text too.
    expect(step.querySelector('.prose')!.text).toContain('<img src="http://example.invalid/x.png">');
    expect(step.querySelector('.prose')!.text).toContain('[image: pic (http://example.invalid/y.png)]');
    expect(step.querySelector('.command')!.text).toBe(`$ echo '${EVIL}'`);
    expect(step.querySelector('.output')!.text).toBe(EVIL);
    const check = step.querySelector('.check-failed')!;
    expect(check.querySelector('code')!.text).toBe(`H1: ${EVIL}`);
    expect(check.querySelectorAll('dd').map((d) => d.text)).toEqual([`namespace ${EVIL}`, `no namespace ${EVIL}`]);
    expect(root.querySelector('.facts')!.text).toContain(`Eve ${EVIL}`);
    // Nothing in the page can make a request: no src, no stylesheet link, no external href.
    expect(root.querySelectorAll('[src], link')).toHaveLength(0);
    expect(root.querySelectorAll('a').every((a) => a.getAttribute('href')?.startsWith('#'))).toBe(true);
  });

  it("shows the scenario's introduction after the summary, its # Title left out, as text", async () => {
    const introduced = parseScenario(
      `---\ntitle: Intro\n---\n# Intro\n\nTwo hosts ${EVIL}:\n\n| host | address |\n|---|---|\n| H1 | 10.0.0.1/24 |\n\n## Only\n\n\`\`\`sh\ntrue\n\`\`\`\n`,
      'intro.md',
    );
    if (!introduced.ok) throw new Error('fixture does not parse');
    const run: RunResult = { scenario: introduced.scenario, status: 'passed', steps: [], durationMs: 1 };
    const detailed = await detailRunReport(buildRunReport(run, context), run);
    expect(detailed.scenario.introduction).toBe(`Two hosts ${EVIL}:\n\n| host | address |\n|---|---|\n| H1 | 10.0.0.1/24 |`);
    const root = parseHtml(renderHtmlReport(detailed));
    const intro = root.querySelector('section[aria-label=Introduction]')!;
    expect(intro.querySelector('p')!.text).toBe(`Two hosts ${EVIL}:`);
    expect(intro.querySelectorAll('td').map((td) => td.text)).toEqual(['H1', '10.0.0.1/24']);
    expect(root.querySelectorAll('h1')).toHaveLength(1);
    expect(root.querySelectorAll('script')).toHaveLength(0);
    // A scenario whose introduction is its title alone gets no such section.
    const { root: plain } = await page();
    expect(plain.querySelector('section[aria-label=Introduction]')).toBeNull();
  });

  it('says when a step ran more than once (Retry), and that what it shows is the last attempt', async () => {
    const retried: RunResult = { ...result, steps: [{ ...failedStep, attempts: 2 }, notRun] };
    const root = parseHtml(renderHtmlReport(await detailRunReport(buildRunReport(retried, context), retried)));
    expect(root.querySelector('#step-1 .step-meta')!.text).toContain('2 attempts (Retry); shown: the last');
    const { root: once } = await page();
    expect(once.querySelector('#step-1')!.text).not.toContain('attempts');
  });

  it('has a language, one h1, an h2 per step and the summary, h3s inside, a table with column headers', async () => {
    const { root } = await page();
    expect(root.querySelector('html')!.getAttribute('lang')).toBe('en');
    expect(root.querySelector('meta[name=viewport]')).not.toBeNull();
    expect(root.querySelectorAll('h1')).toHaveLength(1);
    expect(root.querySelectorAll('h2').map((h) => h.text.split(' — ')[0])).toEqual(['Summary', `Step 1 of 2 · Build ${EVIL}`, 'Step 2 of 2 · Never reached']);
    expect(root.querySelectorAll('#step-1 h3').map((h) => h.text)).toEqual(['Commands', 'Checks', 'What this step changed', 'Topology at the first failure, where the run ended']);
    expect(root.querySelectorAll('thead th').map((th) => th.getAttribute('scope'))).toEqual(['col', 'col', 'col', 'col']);
    const rows = root.querySelectorAll('tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text));
    expect(rows.map((r) => r[2])).toEqual(['✘ failed', '· not reached']);
    expect(root.querySelector('a[href="#step-1"]')).not.toBeNull();
  });

  it('marks outcomes in words and marks, not colour alone', async () => {
    const { root } = await page();
    expect(root.querySelector('.run-status')!.text).toMatch(/^✘ Failed at step 1/);
    expect(root.querySelector('#step-1 h2')!.text).toMatch(/✘ failed$/);
    expect(root.querySelector('#step-1 .check-failed')!.text).toMatch(/^✘ .* does not hold/);
    expect(root.querySelector('#step-1 .commands li p')!.text).toMatch(/^✔ as expected · exit status 0/);
  });

  it('collapses long output under a details element and leaves short output open', async () => {
    const { root } = await page();
    const [short, long] = root.querySelectorAll('#step-1 .commands > li');
    expect(short!.querySelector('details')).toBeNull();
    const details = long!.querySelector('details')!;
    expect(details.querySelector('summary')!.text).toBe('Output (40 lines)');
    expect(details.querySelector('.output')!.text.split('\n')).toHaveLength(40);
    expect(40).toBeGreaterThan(COLLAPSE_LINES);
  });

  it('lists what the step changed, and draws the topology as an inline SVG labelled by its heading', async () => {
    const { root } = await page();
    const changes = root.querySelectorAll('#step-1 .changes li').map((li) => li.text);
    expect(changes).toContain('+ namespace H1');
    expect(changes.some((c) => c.includes('H2-eth0'))).toBe(true);
    const svg = root.querySelector('#step-1 figure svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-labelledby')).toBe('step-1-topology');
    const titles = svg.querySelectorAll('g.node title').map((t) => t.text);
    expect(titles).toEqual(expect.arrayContaining(['ns:H1', 'ns:H2']));
    expect(root.querySelector('#step-1 .topology-text')!.text).toContain('✘ down');
    expect(root.querySelector('#step-2 h3')).toBeNull();
  });

  it('without Graphviz, shows the text topology in a pre and says why there is no drawing', async () => {
    const { root } = await page('/nonexistent/dot');
    expect(root.querySelector('#step-1 svg')).toBeNull();
    expect(root.querySelector('#step-1 .note')!.text).toMatch(/^No drawing: .*not installed/);
    expect(root.querySelector('#step-1 pre.topology-text')!.text).toContain('H1-eth0');
  });

  it('is chosen by the .html extension or --report-format html, and holds one scenario', async () => {
    expect(reportFormat('run.html')).toBe('html');
    expect(reportFormat('RUN.HTM')).toBe('html');
    expect(reportFormat('run.txt', 'html')).toBe('html');
    expect(() => reportFormat('run.html', 'pdf')).toThrow('expected json, junit or html');
    const report = buildRunReport(result, context);
    expect(await renderReport([report], 'html')).toMatch(/^<!DOCTYPE html>/);
    await expect(renderReport([report, report], 'html')).rejects.toThrow('an HTML report holds one scenario');
  });

  it('the detailed report is still a report of docs/report.schema.json', async () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/report.schema.json'), 'utf8'));
    const detailed = await detailRunReport(buildRunReport(result, context), result, recorded());
    expect(detailed.steps[0]!.topology!.moments).toEqual(['first-failure', 'last-step']);
    expect(validateSchema(JSON.parse(JSON.stringify(detailed)), schema)).toEqual([]);
  });

  it("says a finished practice session finished every step, never that every step held (nobody checked at its end)", () => {
    const run = buildRunReport({ ...result, status: 'passed' }, context);
    expect(parseHtml(renderHtmlReport(run)).querySelector('.run-status')!.text).toBe('✔ Passed: every step held');
    const practice = parseHtml(renderHtmlReport({ ...run, mode: 'practice' })).querySelector('.run-status')!.text;
    expect(practice).toBe('✔ Finished: every step (each held when it was finished)');
  });

  it('a plain report (no details) still renders, without changes or pictures', () => {
    const root = parseHtml(renderHtmlReport(buildRunReport(result, context)));
    expect(root.querySelectorAll('#step-1 h3').map((h) => h.text)).toEqual(['Commands', 'Checks']);
    expect(root.querySelector('#step-1 .output')).toBeNull();
  });

  it('takes only the svg element of dot output, and refuses one with active content', () => {
    expect(svgElement('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<!-- c -->\n<svg width="1"><g/></svg>\n')).toBe('<svg width="1"><g/></svg>');
    expect(() => svgElement('<svg><script>x</script></svg>')).toThrow('active content');
    expect(() => svgElement('<svg><g onload="x"/></svg>')).toThrow('active content');
    expect(() => svgElement('nothing')).toThrow('no <svg>');
  });
});

describe('createStepStateRecorder', () => {
  it('keeps the state before the first attempt and after the last, and the first failure', () => {
    const recorder = createStepStateRecorder();
    const mid: NetworkState = { ...before, namespaces: [...before.namespaces, { name: 'X', interfaces: [lo], routes: [], ipForward: false, ipv6Forward: false }] };
    recorder.listener({ kind: 'step-end', result: failedStep });
    recorder.listener({ kind: 'step-state', step: step1, before, after: mid });
    recorder.listener({ kind: 'step-end', result: { ...failedStep, status: 'passed' } });
    recorder.listener({ kind: 'step-state', step: step1, before: mid, after });
    const { steps, firstFailure, lastStep } = recorder.recorded;
    expect(steps.get(1)).toEqual({ before, after });
    expect(firstFailure).toEqual({ step: 1, state: mid });
    expect(lastStep).toBe(1);
  });
});
