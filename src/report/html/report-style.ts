/**
 * The HTML report's style sheet, inlined so the file needs nothing from the network. Colours
 * only repeat what the text already says (✔/✘ and words), and every pair of text and
 * background colour has a contrast of at least 4.5:1 (WCAG 2.1, 1.4.3). Narrow screens get one
 * column and scrolling code; print gets black on white, no page break inside a check, and
 * collapsed output opened where the browser supports `::details-content` (Chromium 131+;
 * elsewhere its summary still says how many lines it holds).
 */
export const REPORT_CSS = `
:root { --fg: #1b1b1b; --bg: #ffffff; --muted: #4a4a4a; --line: #c8c8c8; --code-bg: #f3f3f3;
  --ok: #16632d; --fail: #a11212; --warn: #6b4e00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; color: var(--fg); background: var(--bg);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.3rem; line-height: 1.3; margin: 0 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }
a { color: #0b4fa8; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9rem; }
pre { background: var(--code-bg); border: 1px solid var(--line); border-radius: 4px; padding: 0.5rem 0.75rem;
  overflow-x: auto; white-space: pre; margin: 0.25rem 0; }
:not(pre) > code { background: var(--code-bg); padding: 0 0.2em; border-radius: 3px; overflow-wrap: anywhere; }
.run-status { font-size: 1.1rem; font-weight: 600; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
.step { border: 1px solid var(--line); border-left-width: 6px; border-radius: 4px; padding: 0.75rem 1rem; margin: 1.25rem 0; }
.step.failed { border-left-color: var(--fail); }
.step.done, .step.solved, .step.reading { border-left-color: var(--ok); }
.step-meta { color: var(--muted); margin: 0 0 0.5rem; }
.mark { font-weight: 700; white-space: nowrap; }
.ok { color: var(--ok); }
.fail { color: var(--fail); }
.warn { color: var(--warn); }
ol.commands, ul.checks, ul.predictions { padding-left: 1.25rem; }
ol.commands > li, ul.checks > li, ul.predictions > li { margin: 0.5rem 0; break-inside: avoid; }
.problem { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem; margin: 0.25rem 0; }
.problem dt { font-weight: 600; }
.problem dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
ul.changes { list-style: none; padding-left: 0; }
ul.changes li { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9rem; }
/* A picture wider than the page shrinks to fit it, down to its min-width (render-html-step.ts), then scrolls in its box. */
figure { margin: 0.5rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.9rem; }
details > summary { cursor: pointer; }
.note { border-left: 4px solid var(--warn); padding-left: 0.5rem; }
@media (max-width: 40rem) {
  body { padding: 0.5rem; }
  .facts, .problem { grid-template-columns: 1fr; }
  .facts dd, .problem dd { margin-bottom: 0.3rem; }
  th, td { padding: 0.25rem; }
  .step { padding: 0.5rem; }
}
@media print {
  :root { --fg: #000; --muted: #222; --code-bg: #fff; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; border-color: #888; }
  .step { break-inside: auto; border-color: #888; }
  h2, h3 { break-after: avoid; }
  figure { overflow: visible; }
  figure svg { min-width: 0 !important; }
  details::details-content { content-visibility: visible; display: block; height: auto; }
}
`;
