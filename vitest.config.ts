import { defineConfig } from 'vitest/config';

/**
 * Tests that compare host-wide state (every process, namespace and mount) before and after
 * runs: any other test running meanwhile would look like a leak, so they run alone, after the
 * rest of the suite (sequence.groupOrder), one file at a time.
 */
const EXCLUSIVE = ['test/e2e/interrupt-harness.test.ts', 'test/e2e/concurrent-runs.test.ts'];

export default defineConfig({
  test: {
    // Sandbox and end-to-end tests start real namespaces and Open vSwitch daemons.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Progress written by runs under test goes to a temporary state directory.
    globalSetup: ['test/helpers/state-home.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'parallel', include: ['test/**/*.test.ts'], exclude: EXCLUSIVE, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'exclusive', include: EXCLUSIVE, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
