import { describe, expect, it } from 'vitest';
import { nearMissLanguage } from '../../src/scenario/languages.js';

describe('nearMissLanguage', () => {
  it.each([
    ['shh', 'sh'],
    ['bsh', 'sh'],
    ['bahs', 'bash'],
    ['shel', 'shell'],
    ['consle', 'console'],
    ['chek', 'check'],
    ['Shell-sesion', 'shell-session'],
    ['sh-session', 'shell-session'],
  ])('%s is a near miss of %s', (lang, near) => {
    expect(nearMissLanguage(lang)).toBe(near);
  });

  it.each(['sh', 'console', 'check', 'text', 'python', 'json', '', 'zsh', 'ksh', 'dash', 'hs', 'sv', 'h'])(
    '%j is not taken for a typo',
    (lang) => {
      expect(nearMissLanguage(lang)).toBeUndefined();
    },
  );
});
