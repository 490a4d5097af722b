// `npm run bench`: make_raffle and the entrant snapshot against their baselines, on PostgreSQL (when a
// server answers) and PGlite. Prints the tables and writes bench/RESULTS.md, or the file BENCH_RESULTS
// names (CI's smoke run writes a temporary file, so it never rewrites the tracked one). Exits non-zero
// when a measurement failed.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from '../src/db/migrator.ts';
import { measureBeaconDraws } from './beacon-draw.ts';
import { measureChatterFetch } from './chatter-fetch.ts';
import { type RunResult, runInChild } from './child-runner.ts';
import { measureClaimsAndEntries } from './claims-entries.ts';
import { measureDiscordDrawLatency } from './discord-draw.ts';
import { measureEventLatency } from './event-latency.ts';
import { formatCount, formatMs } from './format.ts';
import { describeMachine } from './machine.ts';
import { type BenchServer, benchServerUrl, prepareBenchServer } from './postgres-server.ts';
import type { BenchEngine, BenchTask } from './protocol.ts';
import { renderReport, renderTables } from './report.ts';
import { measureScale } from './scale.ts';
import { measureStartupAndMemory } from './startup-memory.ts';
import { Results } from './statistics.ts';

const DEFAULT_SIZES = [1_000, 100_000, 1_000_000];
const RESULTS_FILE = process.env.BENCH_RESULTS || fileURLToPath(new URL('./RESULTS.md', import.meta.url));

function benchSizes(): number[] {
  const setting = process.env.BENCH_SIZES?.trim();
  if (!setting) return DEFAULT_SIZES;
  const sizes = setting.split(',').map((part) => Number(part.trim().replaceAll('_', '')));
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
    throw new Error(`BENCH_SIZES must be positive integers separated by commas, got "${setting}"`);
  }
  return sizes;
}

/** More repetitions where one is short: medians of 7 at 1,000, of 5 at 100,000, of 3 above. */
function repetitionsFor(size: number): number {
  if (size <= 10_000) return 7;
  if (size <= 100_000) return 5;
  return 3;
}

async function measureAll(sizes: readonly number[], server: BenchServer | undefined): Promise<RunResult[]> {
  const engines: BenchEngine[] = server ? ['postgres', 'pglite'] : ['pglite'];
  const runs: RunResult[] = [];
  for (const engine of engines) {
    for (const size of sizes) {
      const task: BenchTask = { engine, size, repetitions: repetitionsFor(size), databaseUrl: server?.url };
      console.log(`\n== ${engine}, ${formatCount(size)} entrants, ${task.repetitions} repetitions`);
      const run = await runInChild(task);
      if (run.failure) console.log(`== ${engine}, ${formatCount(size)}: not fully measured: ${run.failure}`);
      runs.push(run);
    }
  }
  return runs;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const sizes = benchSizes();
  // Read before measuring: a migration edited during the run must not be credited with its figures.
  const migrations = (await readMigrationFiles()).map(
    (file) => `${file.name} (sha256 ${file.checksum.slice(0, 12)}…)`,
  );
  const command = `${process.env.BENCH_SIZES ? `BENCH_SIZES=${process.env.BENCH_SIZES} ` : ''}npm run bench`;
  console.log(
    `KinoYu bench: sizes ${sizes.map(formatCount).join(', ')}; a full run takes about 35 minutes on 2 cores (half of it the many-channel run).`,
  );

  const prepared = await prepareBenchServer();
  const server = 'url' in prepared ? prepared : undefined;
  const postgresUnavailable = 'unavailable' in prepared ? prepared.unavailable : undefined;
  console.log(
    server
      ? `PostgreSQL: using a fresh database ${server.label} (dropped at the end).`
      : `PostgreSQL ${postgresUnavailable}; measuring PGlite only.`,
  );

  let runs: RunResult[];
  let chatterSection: string;
  let eventSection: string;
  let startupSection: string;
  let discordSection: string;
  let claimsSection: string;
  let scaleSection: string;
  let beaconSection: string;
  try {
    runs = await measureAll(sizes, server);
    console.log('\n== Twitch chatter list: fetch and snapshot');
    chatterSection = await measureChatterFetch(sizes, server?.url);
    console.log('\n== Events: publish to an SSE client');
    eventSection = await measureEventLatency(server?.url);
    console.log('\n== Discord: !sortear to the announcement, and event to the bot');
    discordSection = await measureDiscordDrawLatency(server?.url);
    console.log('\n== Claim windows and keyword entries');
    claimsSection = await measureClaimsAndEntries(server?.url);
    console.log('\n== Public randomness: draws waiting for a drand round');
    beaconSection = await measureBeaconDraws(server?.url);
    console.log('\n== Many channels: 3 API replicas on PostgreSQL + Redis');
    scaleSection = await measureScale(server ? benchServerUrl() : undefined);
    console.log('\n== npm start: start-up and idle memory');
    startupSection = await measureStartupAndMemory(server?.url);
  } finally {
    await server?.drop();
  }

  const results = new Results(runs);
  const postgresFacts = runs.find((run) => run.task.engine === 'postgres' && run.facts)?.facts;
  const pgliteFacts = runs.find((run) => run.task.engine === 'pglite' && run.facts)?.facts;
  const input = {
    results,
    machine: await describeMachine(),
    postgresVersion: postgresFacts?.serverVersion,
    postgresSettings: postgresFacts?.settings,
    postgresUnavailable: postgresUnavailable && `PostgreSQL ${postgresUnavailable}`,
    pgliteServerVersion: pgliteFacts?.serverVersion,
    startedAt,
    elapsedMs: Date.now() - startedAt.getTime(),
    command,
    migrations,
  };
  console.log(`\n${renderTables(input)}`);
  console.log(`\n${chatterSection}`);
  console.log(`\n${eventSection}`);
  console.log(`\n${discordSection}`);
  console.log(`\n${claimsSection}`);
  console.log(`\n${beaconSection}`);
  console.log(`\n${scaleSection}`);
  console.log(`\n${startupSection}`);
  await writeFile(
    RESULTS_FILE,
    `${renderReport(input)}\n${chatterSection}\n${eventSection}\n${discordSection}\n${claimsSection}\n${beaconSection}\n${scaleSection}\n${startupSection}`,
  );
  console.log(`Written to ${RESULTS_FILE} (${formatMs(input.elapsedMs / 1000)} s in all).`);
  const failed = runs.filter((run) => run.failure);
  if (failed.length > 0) {
    console.error(`${failed.length} measurement(s) failed: ${failed.map((run) => run.failure).join('; ')}`);
    process.exitCode = 1;
  }
}

await main();
// Everything is measured and written: leave now. Since the claim-window benchmark joined the run, the
// full sequence leaves timers behind that keep the process alive after its last measurement (each
// module alone exits cleanly); exiting here keeps `npm run bench` and CI's smoke run from hanging.
process.exit(process.exitCode ?? 0);
