import { defineConfig } from 'vitest/config';

/**
 * Tests that compare host-wide state (every process, namespace and mount) before and after
 * runs: any other test running meanwhile would look like a leak, so they run alone, after the
 * rest of the suite (sequence.groupOrder), one file at a time. The container image test is the
 * other way round: its build (mmdebstrap's chroot mounts) and containers (podman's overlay
 * mounts) change host-wide state that the other tests' before-and-after snapshots read.
 */
const EXCLUSIVE = [
  'test/e2e/interrupt-harness.test.ts',
  'test/e2e/concurrent-runs.test.ts',
  'test/e2e/serve-sigterm.test.ts',
  'test/e2e/container-image.test.ts',
];

export default defineConfig({
  test: {
    // Sandbox and end-to-end tests start real namespaces and Open vSwitch daemons.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Progress and scenario caches written by runs under test go to temporary directories.
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
