import { spawn } from 'node:child_process';
import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_NODE_FLAGS } from '../../src/start-command.ts';
import { freePort, PROJECT_ROOT, type RunningProcess, startKinoYu, waitForOk } from '../helpers/process.ts';

// SPEC §5 "one owner per embedded database" and §9 "files in DATA_DIR are readable by their owner
// only", with real `npm start` processes on one embedded database (whatever TEST_DATABASE_URL says:
// the lock is about PGlite). The tests run in order on one DATA_DIR: the first process started by the
// first test is the holder the second test runs into and the third kills.
describe('the embedded database directory', () => {
  let root: string;
  let dataDir: string;
  let port: number;
  let apiToken: string;
  const running: RunningProcess[] = [];
  const raffles: { raffleId: number; seed: string }[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'kinoyu-data-dir-'));
    // Not created yet: KinoYu creates it.
    dataDir = path.join(root, 'data');
    port = await freePort();
  });
  afterAll(async () => {
    for (const process of running) process.child.kill('SIGKILL');
    await Promise.all(running.map((process) => process.exited));
    await rm(root, { recursive: true, force: true });
  });

  const environment = (listenOn: number) => ({
    PORT: String(listenOn),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  });
  const base = `http://127.0.0.1:`;

  async function start(): Promise<RunningProcess> {
    const process = startKinoYu(environment(port));
    running.push(process);
    await waitForOk(`${base}${port}/readyz`, process);
    return process;
  }

  /** Starts a second process on another port; resolves with its exit code, or 'ready' if it serves. */
  async function startIntruder(): Promise<{ process: RunningProcess; outcome: number | null | 'ready' }> {
    const intruderPort = await freePort();
    const process = startKinoYu(environment(intruderPort));
    running.push(process);
    const ready = waitForOk(`${base}${intruderPort}/readyz`, process).then(
      () => 'ready' as const,
      () => process.exited,
    );
    return { process, outcome: await Promise.race([process.exited, ready]) };
  }

  async function draw(): Promise<{ raffleId: number; seed: string }> {
    const viewer = raffles.length + 1;
    const response = await fetch(`${base}${port}/api/v1/channels/streamer/raffles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
      // A new viewer each time: the one who just won is in cooldown.
      body: JSON.stringify({ winners: 1, entrants: [{ userId: `${viewer}`, login: `viewer${viewer}` }] }),
    });
    expect(response.status).toBe(201);
    return response.json();
  }

  async function addPrize(): Promise<void> {
    const response = await fetch(`${base}${port}/api/v1/channels/streamer/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'chave:1x*' }),
    });
    expect(response.status).toBe(201);
  }

  /** Every file and folder under `directory`, itself included, with its permission bits. */
  async function modes(directory: string): Promise<Map<string, number>> {
    const entries = await readdir(directory, { recursive: true });
    const found = new Map<string, number>([['.', (await lstat(directory)).mode & 0o777]]);
    for (const entry of entries) found.set(entry, (await lstat(path.join(directory, entry))).mode & 0o777);
    return found;
  }

  it('creates DATA_DIR and every file and folder in it readable by their owner only', async () => {
    await start();
    apiToken = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')).apiToken;
    await addPrize();
    raffles.push(await draw());
    const found = await modes(dataDir);
    expect(found.size).toBeGreaterThan(100);
    const open = [...found].filter(([, mode]) => (mode & 0o077) !== 0);
    expect(open.map(([entry, mode]) => `${entry} ${mode.toString(8)}`)).toEqual([]);
  }, 180_000);

  it('stops a second process on the same DATA_DIR, naming the directory and the first process', async () => {
    const holder = running[0];
    if (!holder) throw new Error('the first test did not start the holder');
    const { process: intruder, outcome } = await startIntruder();
    expect(outcome).toBe(1);
    expect(intruder.output()).toContain(
      `the embedded database ${dataDir}/pglite is in use by another process`,
    );
    expect(intruder.output()).toContain(`pid ${holder.child.pid} (node ${START_NODE_FLAGS.join(' ')} `);

    // `kinoyu migrate` respects the lock too.
    const migrate = spawn(process.execPath, ['--import', 'tsx', 'src/cli/kinoyu.ts', 'migrate'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', ...environment(port) },
    });
    let migrateOutput = '';
    migrate.stderr.on('data', (chunk) => {
      migrateOutput += chunk;
    });
    const migrateCode = await new Promise((resolve) => migrate.on('exit', resolve));
    expect(migrateCode).not.toBe(0);
    expect(migrateOutput).toContain(`is in use by another process: pid ${holder.child.pid}`);

    // The holder kept running, and its next draw follows the first: nothing was drawn beside it.
    expect((await fetch(`${base}${port}/readyz`)).status).toBe(200);
    const next = await draw();
    expect(next.raffleId).toBe((raffles[0]?.raffleId ?? 0) + 1);
    raffles.push(next);
  }, 180_000);

  it('restarts after the holder was killed with SIGKILL, with every draw as published', async () => {
    const holder = running[0];
    holder?.child.kill('SIGKILL');
    await holder?.exited;
    await start();
    for (const raffle of raffles) {
      const proof = await (await fetch(`${base}${port}/api/v1/raffles/${raffle.raffleId}/proof`)).json();
      expect(proof.seed).toBe(raffle.seed);
    }
  }, 180_000);
});
