/**
 * The frame every page of `nslab serve` shares: one HTML document whose scripts and styles all
 * come from the package's own assets (`/assets/`, built into `dist/web/` at build time), so a
 * page requests nothing from anywhere else and runs no inline script (the server's
 * Content-Security-Policy can say `script-src 'self'`).
 */
import { escapeHtml } from '../../report/html/html-text.js';

/** Where the server serves the built assets (`ASSETS_DIR`): the pages link them from here. */
export const ASSETS_URL = '/assets/';

/** What a page is made of; every string but `title` is HTML, already escaped by its maker. */
export interface PageParts {
  /** The document's title, as text (escaped here). */
  title: string;
  /** Attributes of `<body>`, HTML (` class="lesson"`), or ''. */
  bodyAttributes: string;
  /** The body's content, HTML. */
  body: string;
  /** Style sheets under /assets/, in order (`lesson.css`). */
  styles: string[];
  /** Scripts under /assets/ (`lesson.js`), loaded deferred. */
  scripts: string[];
}

/**
 * @param parts the page's title, body and assets
 * @returns a whole HTML5 document, UTF-8, ending with a newline
 */
export function renderPageDocument(parts: PageParts): string {
  const links = parts.styles.map((s) => `<link rel="stylesheet" href="${ASSETS_URL}${escapeHtml(s)}">`);
  const scripts = parts.scripts.map((s) => `<script defer src="${ASSETS_URL}${escapeHtml(s)}"></script>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(parts.title)} · nslab</title>
${[...links, ...scripts].join('\n')}
</head>
<body${parts.bodyAttributes}>
${parts.body}
</body>
</html>
`;
}

/** `/lesson/<id>`: the lesson page's path, the id percent-encoded (it came from a file name). */
export function lessonPath(id: string): string {
  return `/lesson/${encodeURIComponent(id)}`;
}
