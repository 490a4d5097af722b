// The node flags of `npm start`, `npm run start:api` and `npm run start:bot` (package.json). The tests and
// benches that start the product as a real process, without npm in between, run the same flags
// (test/e2e/start.test.ts checks that package.json says the same).
//
// `npm start` runs everything in one process for one streamer's machine, where memory counts: it caps
// V8's young generation at 2 MB per semi-space (--max-semi-space-size=2). By default V8 lets it grow to
// 16 MB, start-up (tsx compiling the sources) grows it that far, and it is not given back while the
// process idles: idle on PostgreSQL, 213 MB resident instead of about 140 (SPEC §8: ≤ 150 MB). The price
// is more frequent minor collections under load: bench:scale's replicas used about 30 % more CPU with the
// cap (200 channels started at once: 17–18 % of a core each instead of 13 %). So the scale-out commands,
// `start:api` and `start:bot`, keep V8's default (docs/production.md).
export const START_NODE_FLAGS = ['--max-semi-space-size=2', '--import', 'tsx'] as const;
export const SERVICE_NODE_FLAGS = ['--import', 'tsx'] as const;

/** The node flags of the npm script that runs src/main.ts with these arguments. */
export function nodeFlagsFor(mainArgs: readonly string[]): readonly string[] {
  return mainArgs.some((arg) => arg.startsWith('--only=')) ? SERVICE_NODE_FLAGS : START_NODE_FLAGS;
}
