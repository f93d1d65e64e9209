/**
 * The lesson page's topology insertion (src/view/web/browser/topology-svg.ts) in a real browser
 * (headless Chromium, playwright-core): a hostile SVG — script, event handlers, foreign links,
 * an external image, a foreignObject with HTML — goes in as a drawing that runs nothing and
 * requests nothing, while Graphviz's drawing elements stay. The module is bundled by esbuild, as
 * the page's script is, into a blank page.
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

const CHROMIUM = '/usr/bin/chromium';
let browser: Browser | undefined;
let page: Page;
const requests: string[] = [];
const alerts: string[] = [];

const HOSTILE = `<?xml version="1.0"?>
<svg width="200pt" height="100pt" viewBox="0 0 200 100" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert('svg onload')">
<script>alert('script')</script>
<g id="node1" class="node" onclick="alert('click')"><title>ns:H1</title>
<polygon fill="white" stroke="black" points="0,0 50,0 50,30 0,30"/>
<text x="10" y="20" onmouseover="alert('over')">H1 &lt;img src=x onerror=alert(1)&gt;</text></g>
<a xlink:href="javascript:alert('link')"><text x="60" y="20">link</text></a>
<a href="http://example.invalid/"><text x="60" y="40">away</text></a>
<image href="http://example.invalid/pixel.png" width="10" height="10"/>
<rect x="0" y="50" width="10" height="10" fill="url(http://example.invalid/f.svg#p)"/>
<foreignObject width="100" height="50"><div xmlns="http://www.w3.org/1999/xhtml"><img src="http://example.invalid/x.png" onerror="alert('fo')"/></div></foreignObject>
<set attributeName="onmouseover" to="alert('set')"/>
<use href="http://example.invalid/sprite.svg#a"/>
</svg>`;

beforeAll(async () => {
  const bundle = await build({
    absWorkingDir: ROOT,
    stdin: {
      contents: "import { topologyElement } from './src/view/web/browser/topology-svg.ts'; (window as any).topologyElement = topologyElement;",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, chromiumSandbox: false });
  page = await browser.newPage();
  page.on('dialog', (d) => {
    alerts.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><html><body><div id="box"></div></body></html>' });
  });
  await page.goto('http://127.0.0.1.invalid/');
  requests.length = 0;
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
});

afterAll(async () => {
  await browser?.close();
});

describe('the topology SVG in the lesson page', () => {
  it('keeps the drawing and drops every script, handler, foreign link and fetch', async () => {
    const inserted = await page.evaluate((svg) => {
      const picture = (window as unknown as { topologyElement(s: string): SVGSVGElement | null }).topologyElement(svg);
      if (!picture) return null;
      document.getElementById('box')!.append(picture);
      const all = [picture, ...picture.querySelectorAll('*')];
      return {
        tags: [...new Set(all.map((e) => e.localName))].sort(),
        handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.localName}.${a.name}`)),
        hrefs: all.flatMap((e) => [...e.attributes].filter((a) => /href$/i.test(a.name)).map((a) => a.value)),
        fills: all.map((e) => e.getAttribute('fill')).filter((f) => f !== null),
        title: picture.querySelector('g.node title')?.textContent,
        text: picture.querySelector('g.node text')?.textContent,
        width: picture.getAttribute('width'),
        viewBox: picture.getAttribute('viewBox'),
      };
    }, HOSTILE);
    expect(inserted).not.toBeNull();
    expect(inserted!.tags).toEqual(['a', 'g', 'polygon', 'rect', 'svg', 'text', 'title']);
    expect(inserted!.handlers).toEqual([]);
    expect(inserted!.hrefs).toEqual([]);
    expect(inserted!.fills).toEqual(['white']);
    expect(inserted!.title).toBe('ns:H1');
    expect(inserted!.text).toBe('H1 <img src=x onerror=alert(1)>');
    // Sized by the pane: dot's point size goes, its viewBox stays.
    expect(inserted!.width).toBeNull();
    expect(inserted!.viewBox).toBe('0 0 200 100');
    await page.locator('#box g.node').dispatchEvent('click');
    await page.locator('#box g.node text').dispatchEvent('mouseover');
    await page.waitForTimeout(100);
    expect(alerts).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('refuses what is not an SVG document', async () => {
    const results = await page.evaluate(() => {
      const f = (window as unknown as { topologyElement(s: string): SVGSVGElement | null }).topologyElement;
      return [f('<html><body>x</body></html>'), f('<svg xmlns="http://www.w3.org/2000/svg"><g>'), f('not xml')].map((r) => r === null);
    });
    expect(results).toEqual([true, true, true]);
  });
});
