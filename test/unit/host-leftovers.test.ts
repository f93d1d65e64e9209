import { describe, expect, it } from 'vitest';
import { leftovers } from '../../src/test-scenario/host-leftovers.js';

describe('leftovers', () => {
  it('lists what appeared, not what was there before or went away', () => {
    const before = { namespaces: ['docker'], links: ['lo', 'eth0', 'old0'], bridges: ['br-int'] };
    const after = { namespaces: ['docker', 'H1'], links: ['lo', 'eth0', 'H1-eth0', 's'], bridges: ['br-int', 's'] };
    expect(leftovers(before, after)).toEqual(['namespace H1', 'link H1-eth0', 'bridge s']);
  });

  it('ignores bridges when Open vSwitch did not answer on either side', () => {
    const before = { namespaces: [], links: ['lo'], bridges: undefined };
    const after = { namespaces: [], links: ['lo'], bridges: ['s'] };
    expect(leftovers(before, after)).toEqual([]);
  });
});
