/**
 * The one Markdown parser that reads scenarios and renders their prose for a terminal.
 */
import MarkdownIt from 'markdown-it';

/**
 * markdown-it with its default preset: CommonMark plus GFM tables and strikethrough, no raw
 * HTML, no linkify, no typographer (markdown-it's docs, "Init with presets and options").
 * Shared and never configured further: each instance compiles its own link-detection rules
 * (linkify-it's) when made (docs/performance.md, "Costs behind the code"), so two modules making their
 * own cost a start that much more. Callers only call `parse`; one that needs other rules or
 * options (the HTML report changes its image rule) makes its own.
 */
export const markdownParser: MarkdownIt = new MarkdownIt({ html: false, linkify: false });
