/**
 * Text into HTML, for the report: escaping, and the scenario's Markdown rendered by markdown-it
 * with raw HTML off (its `html: false` escapes every tag an author wrote), so nothing a
 * scenario says can become markup, a script or a request.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false });
// An image would be fetched when the report is opened; the report needs no network, so an
// image is shown as its description and address, as text.
md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx]!;
  return `[image: ${md.utils.escapeHtml(token.content)} (${md.utils.escapeHtml(token.attrGet('src') ?? '')})]`;
};

/**
 * Escapes `&`, `<`, `>` and `"` (enough for text and double-quoted attributes; HTML Living
 * Standard, 13.1.2.6 and 13.2.5.1).
 */
export function escapeHtml(text: string): string {
  return md.utils.escapeHtml(text);
}

/** Renders a block of Markdown (a step's prose) to HTML; raw HTML in it comes out as text. */
export function markdownToHtml(source: string): string {
  return md.render(source);
}

/** Renders one line of Markdown (a heading's text, inline markup kept) to HTML. */
export function inlineMarkdownToHtml(source: string): string {
  return md.renderInline(source);
}
