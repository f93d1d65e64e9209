/**
 * The pages of `nslab serve` (src/view/web/pages.ts) on a hostile scenario: nothing from the
 * scenario or the course becomes an element or an attribute, and the step's commands and checks
 * appear as text, where the page's script looks for them. Parsed with an HTML parser, not
 * matched as strings. (The page in a real browser, fed by the real server: an e2e test.)
 */
import { parse, type HTMLElement } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { ASSETS_DIR, renderCoursePage, renderLessonPage, type CourseEntry } from '../../src/view/web/pages.js';

const EVIL = `<script>alert("x")</script><img src=x onerror="alert('y')">"'&`;
const EVIL_LINE = EVIL.replace(/\n/g, ' ');
/** A command with markup and both quotes in it that the shell still parses. */
const EVIL_COMMAND = `echo '<script>alert("x")</script><img src=x onerror="alert(1)">' > /tmp/x`;

const parsed = parseScenario(
  `---
title: Lab ${EVIL_LINE}
description: About ${EVIL_LINE}
---
# Lab

Intro ${EVIL} <iframe src="http://example.invalid/"></iframe>

## Build ${EVIL}

Prose ${EVIL} and ![pic](http://example.invalid/y.png) and [link](javascript:alert(1)).

\`\`\`sh
${EVIL_COMMAND}
\`\`\`

\`\`\`console
$ cat /tmp/x
${EVIL}
\`\`\`

\`\`\`check
file /tmp/x contains "<script>alert(1)</script>"
namespace H1 exists
\`\`\`

> Hint: secret hint ${EVIL}

\`\`\`text
${EVIL}
\`\`\`

After ${EVIL}

## Second

\`\`\`sh {norun}
true
\`\`\`
`,
  'lab.md',
);
if (!parsed.ok) throw new Error('fixture does not parse: ' + JSON.stringify(parsed.problems));
const scenario = parsed.scenario;

/** Every element of the page's own making: tags and attributes the scenario cannot add to. */
const TAGS = new Set(['html', 'head', 'meta', 'title', 'link', 'script', 'body', 'header', 'a', 'h1', 'h2', 'span', 'nav', 'button', 'label', 'input', 'p', 'main',
  'section', 'details', 'summary', 'ol', 'ul', 'li', 'div', 'pre', 'code', 'em', 'strong', 'dialog', 'form']);

/** node-html-parser keeps a <pre>'s content as raw text by default: parse it, so markup in it would show. */
const PARSE = { blockTextElements: { script: true, style: true } };
const parseHtml = (html: string): HTMLElement => parse(html, PARSE);

function elements(root: HTMLElement): HTMLElement[] {
  return root.querySelectorAll('*');
}

function assertNothingActive(html: string): HTMLElement {
  const root = parseHtml(html);
  for (const el of elements(root)) {
    expect(TAGS, `element <${el.rawTagName}>`).toContain(el.rawTagName.toLowerCase());
    for (const name of Object.keys(el.attributes)) expect(name.toLowerCase(), `attribute of <${el.rawTagName}>`).not.toMatch(/^on/);
  }
  const scripts = root.querySelectorAll('script');
  expect(scripts.map((s) => s.getAttribute('src'))).toEqual(scripts.length ? ['/assets/lesson.js'] : []);
  expect(scripts.every((s) => s.text === '')).toBe(true);
  for (const a of root.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^\/($|lesson\/)/);
  return root;
}

describe('the lesson page', () => {
  const html = renderLessonPage(scenario, { id: `lab"><script>x</script>`, present: false });
  const root = assertNothingActive(html);

  it('shows the hostile title, prose, commands and checks as text', () => {
    expect(root.querySelector('title')!.text).toBe(`Lab ${EVIL_LINE} · nslab`);
    expect(root.querySelector('h1')!.text).toBe(`Lab ${EVIL_LINE}`);
    const step = root.querySelector('section.step[data-step="1"]')!;
    expect(step.getAttribute('hidden')).toBe('');
    expect(step.querySelector('h2')!.text).toBe(`Step 1 of 2 Build ${EVIL}`);
    expect(step.querySelector('.prose')!.text).toContain(`Prose ${EVIL} and [image: pic (http://example.invalid/y.png)]`);
    expect(step.text).toContain(`After ${EVIL}`);
    const run = step.querySelector('.run-block[data-block="0"]')!;
    expect(run.querySelector('pre.copy-source')!.text).toBe(EVIL_COMMAND);
    expect(run.querySelector('button[data-run]')!.getAttribute('data-step')).toBe('1');
    const transcript = step.querySelector('.transcript-block[data-block="1"]')!;
    expect(transcript.querySelector('pre.transcript')!.text).toBe(`$ cat /tmp/x\n${EVIL}`);
    // Copy takes the commands only, not the expected output.
    expect(transcript.querySelector('pre.copy-source')!.text).toBe('cat /tmp/x');
    const checks = step.querySelectorAll('li.check');
    expect(checks.map((c) => c.querySelector('code')!.text)).toEqual(['file /tmp/x contains "<script>alert(1)</script>"', 'namespace H1 exists']);
    expect(checks.map((c) => c.getAttribute('data-line'))).toEqual([String(scenario.steps[0]!.blocks[2]!.line + 1), String(scenario.steps[0]!.blocks[2]!.line + 2)]);
    expect(checks.map((c) => c.querySelector('.mark')!.text)).toEqual(['☐', '☐']);
    expect(step.querySelector('.shown-block pre')!.text).toBe(EVIL);
  });

  it('leaves hints out (the Hint button asks for them) and offers no Run on a norun block', () => {
    expect(root.text).not.toContain('secret hint');
    const second = root.querySelector('section.step[data-step="2"]')!;
    expect(second.querySelector('button[data-run]')).toBeNull();
    expect(second.querySelector('button[data-copy]')).not.toBeNull();
  });

  it('lists every step, with its number, for the script to mark', () => {
    const items = root.querySelectorAll('.step-list li');
    expect(items.map((li) => li.getAttribute('data-step'))).toEqual(['1', '2']);
    expect(items[0]!.querySelector('.step-title')!.text).toBe(`Build ${EVIL}`);
  });

  it('keeps a hostile lesson id in attributes, percent-encoded in paths', () => {
    const body = root.querySelector('body')!;
    expect(body.getAttribute('data-lesson')).toBe(`lab"><script>x</script>`);
    expect(body.getAttribute('data-ws-path')).toBe(`/lesson/${encodeURIComponent(`lab"><script>x</script>`)}/ws`);
    const reports = root.querySelectorAll('.report-links a').map((a) => a.getAttribute('href'));
    expect(reports).toEqual(['html', 'json'].map((ext) => `/lesson/${encodeURIComponent(`lab"><script>x</script>`)}/report.${ext}`));
  });

  it('loads only the package assets, and opens in presenter mode when asked', () => {
    expect(root.querySelectorAll('link[rel="stylesheet"]').map((l) => l.getAttribute('href'))).toEqual(['/assets/xterm.css', '/assets/lesson.css']);
    expect(ASSETS_DIR).toBe('dist/web');
    const present = parseHtml(renderLessonPage(scenario, { id: 'lab', present: true })).querySelector('body')!;
    expect(present.classList.contains('present')).toBe(true);
    expect(root.querySelector('body')!.classList.contains('present')).toBe(false);
  });
});

describe('the course page', () => {
  const entries: CourseEntry[] = [
    { id: 'l3-router', title: 'Router', description: 'Two subnets', steps: 8, missing: [], progress: { finished: 3, total: 8, resumeAt: 4 } },
    { id: `x"<b>`, title: `T ${EVIL_LINE}`, description: `D ${EVIL_LINE}`, steps: 1, missing: [`ovs-vsctl${EVIL_LINE}`, 'kernel:netem'] },
    { id: 'done', title: 'Done', steps: 2, missing: [], progress: { finished: 2, total: 2 } },
  ];
  const root = assertNothingActive(renderCoursePage(entries));

  it('lists the lessons in order, linking to each, with steps, progress and what is missing', () => {
    const items = root.querySelectorAll('li.lesson-entry');
    expect(items.map((li) => li.querySelector('h2 a')!.getAttribute('href'))).toEqual(['/lesson/l3-router', `/lesson/${encodeURIComponent(`x"<b>`)}`, '/lesson/done']);
    expect(items[0]!.querySelector('.facts')!.text).toBe('8 steps · 3/8 steps, resumes at step 4');
    expect(items[1]!.querySelector('h2 a')!.text).toBe(`T ${EVIL_LINE}`);
    expect(items[1]!.querySelector('.description')!.text).toBe(`D ${EVIL_LINE}`);
    expect(items[1]!.querySelector('.missing')!.text).toBe(`⚠ this machine lacks: ovs-vsctl${EVIL_LINE}, kernel:netem`);
    expect(items[2]!.querySelector('.facts')!.text).toBe('2 steps · finished: 2/2 steps');
    expect(items[0]!.querySelector('.missing')).toBeNull();
  });

  it('says so when there is no lesson', () => {
    expect(parseHtml(renderCoursePage([])).querySelector('main')!.text).toContain('No lessons here');
  });

  it('lists a scenario that does not parse, with no link, its errors and the lint command for it', () => {
    const broken = assertNothingActive(renderCoursePage([{ id: 'bad', title: `bad ${EVIL_LINE}`, steps: 0, missing: [], errors: 2, file: `course/bad ${EVIL_LINE}.md` }]));
    const item = broken.querySelector('li.lesson-entry')!;
    expect(item.querySelector('a')).toBeNull();
    expect(item.querySelector('.errors')!.text).toBe(`✘ has 2 errors: run nslab lint course/bad ${EVIL_LINE}.md`);
  });
});
