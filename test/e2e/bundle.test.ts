import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The CLI bundle as `npm run build` leaves it (npm test builds first): bin/load-cli.cjs reads it
// as latin1 and hands V8 its code cache (scripts/bundle-cli.mjs, docs/performance.md).
const require = createRequire(import.meta.url);
const { BUNDLE, loadCli } = require('../../bin/load-cli.cjs') as {
  BUNDLE: string;
  loadCli(): { exports: { main: unknown }; script: { cachedDataRejected?: boolean } };
};

describe('the CLI bundle', () => {
  it('is pure ASCII, so that reading it as latin1 gives the same text as UTF-8', () => {
    const bytes = readFileSync(BUNDLE);
    const firstNonAscii = bytes.findIndex((b) => b > 0x7f);
    expect(firstNonAscii).toBe(-1);
  });

  it('loads with the code cache the build made, and exports main', () => {
    const { exports, script } = loadCli();
    expect(typeof exports.main).toBe('function');
    expect(script.cachedDataRejected).toBe(false);
  });

  it('carries a build id (a hash of itself, for the scenario cache), its placeholder replaced', () => {
    const text = readFileSync(BUNDLE, 'latin1');
    expect(text).not.toContain('nslab-build-id-placeholder');
    expect(text).toMatch(/function nslabBuildId\(\)\{return"[0-9a-f]{39}"\}/);
  });
});
