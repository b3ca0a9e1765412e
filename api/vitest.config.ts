import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build for type-graphql and Apollo; Vite would pick the .mjs
    // build for our sources, and two copies of graphql break every instanceof check in the schema.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Decorators read reflected types at import time, whichever module a test imports first.
    setupFiles: ['reflect-metadata'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file creates its own databases; running files one after another keeps PostgreSQL connections low.
    fileParallelism: false,
  },
});
