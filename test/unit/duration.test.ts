import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, formatDuration, parseDuration } from '../../src/util/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    [' 24h ', MAX_DURATION_MS],
    ['100h', 360_000_000],
    // In words, as prose has them (`within 5 seconds`).
    ['5 seconds', 5000],
    ['1 second', 1000],
    ['2 min', 120_000],
    ['1 h', 3_600_000],
    ['1hr', 3_600_000],
    ['250 milliseconds', 250],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['5', '-1s', '1d', 'h', '', '5 parsecs', '5  s', 'seconds'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [999.6, '1.0 s'],
    [1234, '1.2 s'],
    [9_960, '10 s'],
    [30_000, '30 s'],
    [59_600, '1 m'],
    [90_000, '1 m 30 s'],
    [3_599_000, '59 m 59 s'],
    [3_600_000, '1 h'],
    [5_400_000, '1 h 30 m'],
    [MAX_DURATION_MS, '24 h'],
    [100 * 3_600_000 + 60_000, '100 h 1 m'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
