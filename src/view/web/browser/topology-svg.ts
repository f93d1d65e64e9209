/**
 * The topology picture into the page. The SVG is Graphviz's, from our own server, but it is
 * drawn from names the scenario chose, so it goes in as data, never as markup: parsed as
 * `image/svg+xml` by DOMParser, then only drawing elements are kept, and of their attributes
 * none that runs script (`on*`) or fetches anything (a `href` that is not `#local`, `url()` in
 * a style). No `innerHTML`.
 */

/** What Graphviz's SVG output is drawn with (dot -Tsvg); anything else is dropped with its content. */
const DRAWING = new Set([
  'svg', 'g', 'title', 'desc', 'defs', 'path', 'polygon', 'polyline', 'ellipse', 'circle', 'rect', 'line',
  'text', 'tspan', 'a', 'linearGradient', 'radialGradient', 'stop', 'clipPath',
]);

const SVG_NS = 'http://www.w3.org/2000/svg';

function cleanAttributes(el: Element): void {
  for (const attr of Array.from(el.attributes)) {
    const name = attr.name.toLowerCase();
    const value = attr.value;
    const fetches = /url\s*\(/i.test(value) && !/url\s*\(\s*['"]?#/i.test(value);
    if (name.startsWith('on') || ((name === 'href' || name.endsWith(':href')) && !value.startsWith('#')) || fetches) el.removeAttribute(attr.name);
  }
}

function clean(el: Element): void {
  for (const child of Array.from(el.children)) {
    if (child.namespaceURI !== SVG_NS || !DRAWING.has(child.localName)) child.remove();
    else clean(child);
  }
  cleanAttributes(el);
}

/**
 * @param svg an SVG document as text
 * @returns the picture as an element of this document, cleaned and sized by its viewBox (it
 *   fills its box, keeping its proportions); null when the text is not an SVG document
 */
export function topologyElement(svg: string): SVGSVGElement | null {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (doc.getElementsByTagName('parsererror').length > 0 || root.namespaceURI !== SVG_NS || root.localName !== 'svg') return null;
  clean(root);
  const picture = document.importNode(root, true) as unknown as SVGSVGElement;
  // The pane, not dot's point size, decides how big it is drawn; the viewBox keeps the shape.
  picture.removeAttribute('width');
  picture.removeAttribute('height');
  picture.setAttribute('role', 'img');
  picture.setAttribute('aria-label', 'The topology, drawn by Graphviz from the live state');
  return picture;
}
