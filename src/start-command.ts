// How `npm start`, `npm run start:api` and `npm run start:bot` run the product (package.json). The tests
// and benches that start it as a real process, without npm in between, run the same command
// (test/e2e/start.test.ts checks that package.json says the same).
//
// All three run scripts/launch.mjs, which runs src/main.ts from a bundle it builds with esbuild when the
// sources changed (dist/kinoyu.mjs): no TypeScript compiled at each start (see the script for figures).
//
// `npm start` runs everything in one process for one streamer's machine, where memory counts: it caps
// V8's young generation at 2 MB per semi-space (--max-semi-space-size=2). By default V8 lets it grow to
// 16 MB, start-up grows it that far, and it is not given back while the process idles (SPEC §8: ≤ 150 MB
// on PostgreSQL). The price is more frequent minor collections under load: bench:scale's replicas used
// about 30 % more CPU with the cap (200 channels started at once: 17–18 % of a core each instead of
// 13 %). So the scale-out commands, `start:api` and `start:bot`, keep V8's default (docs/production.md).
export const START_ENTRY = 'scripts/launch.mjs';
export const START_NODE_FLAGS = ['--max-semi-space-size=2'] as const;
export const SERVICE_NODE_FLAGS = [] as const;

/** The node flags of the npm script that runs the product with these arguments. */
export function nodeFlagsFor(mainArgs: readonly string[]): readonly string[] {
  return mainArgs.some((arg) => arg.startsWith('--only=')) ? SERVICE_NODE_FLAGS : START_NODE_FLAGS;
}
