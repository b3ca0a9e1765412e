import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'artifacts/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // The console's lists load over a server still seeding its demo in the background: on CI's shared
    // machine a list can take seconds, and expect.poll's default second failed a first-run e2e there.
    expect: { poll: { timeout: 20_000 } },
  },
});
