import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Sandbox and end-to-end tests start real namespaces and Open vSwitch daemons.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
