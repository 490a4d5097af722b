// `npm run bench`, start-up and memory: the real `npm start` command (API + web; the bot is off
// without DISCORD_TOKEN; the Twitch sandbox on) on the embedded database — the very first start, which
// creates it, then restarts on the existing data directory — and, when a server answers, on PostgreSQL.
// Resident memory is read from /proc after the process has idled for a few seconds.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { START_ENTRY, START_NODE_FLAGS } from '../src/start-command.ts';
import { freePort } from '../test/helpers/process.ts';
import { formatMs } from './format.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESTARTS = 3;
const IDLE_MS = 5000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Resident memory of a process, in MB (VmRSS of /proc/<pid>/status). */
async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kilobytes / 1024;
}

interface StartFigure {
  readonly readyMs: number;
  readonly rssMb: number;
}

/** Runs `npm start`'s command until /readyz answers, idles, reads its memory, then stops it. */
async function startOnce(env: Record<string, string>, options: { idle: boolean }): Promise<StartFigure> {
  const port = await freePort();
  const started = performance.now();
  // Exactly what `npm start` runs (package.json), without npm's own process in between.
  const child: ChildProcess = spawn(process.execPath, [...START_NODE_FLAGS, START_ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (performance.now() - started > 120_000) throw new Error('npm start was not ready within 120 s');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const readyMs = performance.now() - started;
    if (options.idle) await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const rssMb = await residentMb(child.pid ?? 0);
    return { readyMs, rssMb };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** Measures first start and restarts on PGlite, and restarts on PostgreSQL when `databaseUrl` is given. */
export async function measureStartupAndMemory(databaseUrl: string | undefined): Promise<string> {
  const lines = [
    '## Start-up and idle memory (`npm start`)',
    '',
    `The command of \`npm start\` as a real process (scripts/launch.mjs: API + web + Twitch sandbox; bot off without a token); ready = \`/readyz\` answers 200; memory = resident set after ${IDLE_MS / 1000} s idle. Restarts: median of ${RESTARTS}.`,
    '',
    '| database | what | measured | target | verdict |',
    '|---|---|---|---|---|',
  ];
  const verdict = (value: number, limit: number) => (value <= limit ? 'met' : '**missed**');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kinoyu-bench-start-'));
  try {
    // As a user's first `npm start` after `npm install`: the launcher builds its bundle, then the
    // embedded database is created. Restarts find both.
    console.log('  first start on a new data directory (builds the bundle, creates the embedded database)…');
    await rm(path.join(ROOT, 'dist', 'kinoyu.mjs'), { force: true });
    const first = await startOnce({ DATA_DIR: dataDir }, { idle: false });
    const restarts: StartFigure[] = [];
    for (let run = 0; run < RESTARTS; run += 1)
      restarts.push(await startOnce({ DATA_DIR: dataDir }, { idle: true }));
    const ready = median(restarts.map((figure) => figure.readyMs));
    const rss = median(restarts.map((figure) => figure.rssMb));
    lines.push(
      `| embedded (PGlite) | first start, building the bundle and creating the database | ${formatMs(first.readyMs)} ms | ≤ 20,000 ms | ${verdict(first.readyMs, 20_000)} |`,
      `| embedded (PGlite) | start on the existing data directory | ${formatMs(ready)} ms | ≤ 3,000 ms | ${verdict(ready, 3000)} |`,
      `| embedded (PGlite) | idle resident memory | ${Math.round(rss)} MB | ≤ 400 MB | ${verdict(rss, 400)} |`,
    );
    if (databaseUrl) {
      const onPostgres: StartFigure[] = [];
      for (let run = 0; run < RESTARTS; run += 1) {
        onPostgres.push(await startOnce({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl }, { idle: true }));
      }
      const postgresReady = median(onPostgres.map((figure) => figure.readyMs));
      const postgresRss = median(onPostgres.map((figure) => figure.rssMb));
      lines.push(
        `| PostgreSQL | start | ${formatMs(postgresReady)} ms | ≤ 3,000 ms | ${verdict(postgresReady, 3000)} |`,
        `| PostgreSQL | idle resident memory | ${Math.round(postgresRss)} MB | ≤ 150 MB | ${verdict(postgresRss, 150)} |`,
      );
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  lines.push('');
  return lines.join('\n');
}

// Alone: `npx tsx bench/startup-memory.ts [postgres-url]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureStartupAndMemory(process.argv[2]));
}
