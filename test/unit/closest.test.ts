import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../src/util/closest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['nmae', 'name', 1],
    ['ping', 'pings', 1],
  ])('%s → %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('closest', () => {
  const keys = ['title', 'description', 'requires', 'services', 'timeout', 'cleanup'];
  it('finds typos, ignoring case and _/-/space differences', () => {
    expect(closest('tilte', keys)).toBe('title');
    expect(closest('Timeout', keys)).toBe('timeout');
    expect(closest('is_up', ['is up', 'is down'])).toBe('is up');
    expect(closest('nooutput', ['output', 'no-output'])).toBe('no-output');
  });
  it('does not suggest far-fetched words', () => {
    expect(closest('colour', keys)).toBeUndefined();
    expect(closest('up', ['is up'])).toBeUndefined();
  });
  it('formats the hint', () => {
    expect(didYouMean('requirs', keys)).toBe('; did you mean "requires"?');
    expect(didYouMean('zzz', keys)).toBe('');
  });
});
