import { defineConfig } from 'vitest/config';

/** Tests of pure code: no database, no network, no child process. `npm run test:unit` runs only these. */
const UNIT = [
  'test/bot/announcement.test.ts',
  'test/bot/caches.test.ts',
  'test/bot/messages.test.ts',
  'test/bot/parsing.test.ts',
  'test/config/config.test.ts',
  'test/properties/drand-proof.property.test.ts',
  'test/properties/prize-text.property.test.ts',
  'test/events/event-bus.test.ts',
  'test/raffles/draw-algorithm.test.ts',
  'test/raffles/drand-info.test.ts',
  'test/raffles/draw-gate.test.ts',
  'test/raffles/prize-rules.test.ts',
  'test/raffles/verify.test.ts',
  'test/raffles/verify-drand.test.ts',
  'test/security/log-format.test.ts',
  'test/security/signed-token.test.ts',
  'test/security/token-cipher.test.ts',
  'test/twitch/time-limit.test.ts',
  'test/web/claim-texts.test.ts',
  'test/web/layout.test.ts',
];
const BROWSER = ['test/browser/**/*.test.ts'];

/** What every project shares (projects do not inherit the root's test options unless they extend it). */
const shared = {
  // A fresh PGlite takes 5-16 s to initdb on a busy machine: hooks that create one get a long
  // timeout; tests themselves keep a tight one.
  hookTimeout: 120_000,
  testTimeout: 30_000,
  pool: 'forks',
} as const;

export default defineConfig({
  test: {
    // Once per run for all projects: migrates the template database the test files copy. Skipped
    // when only the unit project runs.
    globalSetup: ['test/helpers/global-setup.ts'],
    projects: [
      { test: { ...shared, name: 'unit', include: UNIT } },
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...UNIT, ...BROWSER],
        },
      },
      { test: { ...shared, name: 'browser', include: BROWSER } },
    ],
  },
});
