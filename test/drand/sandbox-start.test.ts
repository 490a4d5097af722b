import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_BEACON_FILE } from '../../src/drand/sandbox-identity.ts';
import { freePort, type RunningProcess, startKinoYu, waitForOk } from '../helpers/process.ts';

const ANNOUNCED = /local drand beacon \(sandbox\) on (http:\/\/127\.0\.0\.1:\d+), period 1 s/;

// `npm start` with no credentials runs its own drand beacon, the same chain on every start, and stops
// it with the rest on SIGTERM.
describe('npm start in the sandbox', () => {
  let dataDir: string;
  let running: RunningProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kinoyu-drand-start-'));
  });
  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Starts KinoYu; the local beacon's URL and chain hash it announced. */
  async function start(): Promise<{ url: string; chainHash: string }> {
    const port = await freePort();
    running = startKinoYu({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    await waitForOk(`http://127.0.0.1:${port}/readyz`, running);
    const url = ANNOUNCED.exec(running.output())?.[1];
    if (!url) throw new Error(`no local beacon announced:\n${running.output()}`);
    const info = (await (await fetch(`${url}/info`)).json()) as { hash: string };
    return { url, chainHash: info.hash };
  }

  async function stop(): Promise<void> {
    running?.child.kill('SIGTERM');
    expect(await running?.exited).toBe(0);
  }

  it('starts the local beacon, keeps its chain across a restart, never logs its key, closes it on SIGTERM', async () => {
    const first = await start();
    const file = path.join(dataDir, SANDBOX_BEACON_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const { secretKey } = JSON.parse(await readFile(file, 'utf8')) as { secretKey: string };
    expect(running?.output()).not.toContain(secretKey);
    await stop();
    await expect(fetch(`${first.url}/info`)).rejects.toThrow();
    const second = await start();
    expect(second.chainHash).toBe(first.chainHash);
    expect(running?.output()).not.toContain(secretKey);
    await stop();
  }, 180_000);
});
