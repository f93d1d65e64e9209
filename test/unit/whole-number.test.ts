import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/util/errors.js';
import { wholeNumberArgument } from '../../src/util/whole-number.js';

describe('wholeNumberArgument', () => {
  it.each([['1', 1], ['250', 250], ['007', 7]])('reads %s as %i', (text, n) => {
    expect(wholeNumberArgument(text, 'N', 1, 250)).toBe(n);
  });

  it.each(['abc', '', '1e2', '2.5', '-1', '0', '251', ' 3'])('refuses %j, quoting it as typed', (text) => {
    expect(() => wholeNumberArgument(text, 'N', 1, 250)).toThrow(UsageError);
    expect(() => wholeNumberArgument(text, 'N', 1, 250)).toThrow(`N: expected a whole number from 1 to 250, got ${JSON.stringify(text)}`);
  });
});
