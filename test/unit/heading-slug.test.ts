import fc from 'fast-check';
import { slug } from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { headingSlug } from '../../src/scenario/heading-slug.js';

describe('headingSlug: the GitHub anchor of a heading', () => {
  it('gives github-slugger\'s slug for every printable ASCII character, alone and between letters', () => {
    for (let code = 0x20; code <= 0x7e; code++) {
      const c = String.fromCharCode(code);
      for (const text of [c, `a${c}b`, `Step ${c}${c} two`]) expect(headingSlug(text), JSON.stringify(text)).toBe(slug(text));
    }
  });

  it('gives github-slugger\'s slug for any text, ASCII or not', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => headingSlug(text) === slug(text)), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'aZ09 -_.,:!?()`\'"/&é—·') }), (text) => headingSlug(text) === slug(text)), { numRuns: 2000 });
  });

  it('slugs the walkthrough\'s headings as GitHub does', () => {
    expect(headingSlug('See why H1 cannot reach H2 yet')).toBe('see-why-h1-cannot-reach-h2-yet');
    expect(headingSlug('Turn on forwarding (ip_forward=1)')).toBe('turn-on-forwarding-ip_forward1');
    expect(headingSlug('Café — über')).toBe(slug('Café — über'));
  });
});
