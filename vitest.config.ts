import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A fresh PGlite takes 5-16 s to initdb on this machine (shared/reference/measured.md):
    // hooks that create one get a long timeout; tests themselves keep a tight one.
    hookTimeout: 120_000,
    testTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
