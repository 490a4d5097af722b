import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import type { BeaconChain } from '../../src/raffles/beacon.ts';
import { chainFromDrandInfo } from '../../src/raffles/drand-info.external.ts';
import { type LocalBeacon, startLocalBeacon } from '../../src/sandbox/drand/index.ts';
import { type FakeTwitch, startFakeTwitch } from '../../src/sandbox/twitch/index.ts';
import { openTestDatabase, type TestDatabase } from './database.ts';
import { type RunningProcess, startKinoYu, waitForOk } from './process.ts';
import { answerConsentPage } from './twitch-consent.ts';

export const E2E_API_TOKEN = 'e2e-service-token-0123456789';

/**
 * Real API processes (`node scripts/launch.mjs --only=api`, what `npm run start:api` runs) for end-to-end tests, against a fake
 * Twitch in the test process, on one embedded database in a temporary DATA_DIR — or, when
 * TEST_DATABASE_URL is set (CI's PostgreSQL run), on a fresh PostgreSQL database, where several
 * processes can share it. Their drand relay (SPEC §4.1) is a local beacon in the test process: with a
 * Twitch app configured they would otherwise read drand's public relays. `close()` kills what is left
 * and removes it all.
 */
export class ApiProcesses {
  readonly running: RunningProcess[] = [];

  private constructor(
    readonly fake: FakeTwitch,
    readonly dataDir: string,
    readonly postgres: TestDatabase | undefined,
    readonly beacon: LocalBeacon,
  ) {}

  static async create(prefix: string, chatters = 40): Promise<ApiProcesses> {
    const dataDir = await mkdtemp(path.join(tmpdir(), prefix));
    let postgres: TestDatabase | undefined;
    if (process.env.TEST_DATABASE_URL) {
      postgres = await openTestDatabase();
      await postgres.close();
    }
    const fake = await startFakeTwitch({ redirectUris: [] });
    fake.setChatterCount(chatters);
    return new ApiProcesses(fake, dataDir, postgres, await startLocalBeacon());
  }

  /** The chain of the processes' local beacon, for `verifyProof`'s `trustedChains`. */
  beaconChain(): BeaconChain {
    return chainFromDrandInfo(this.beacon.info);
  }

  /** Starts an API process on `port` and waits until it is ready. */
  async start(port: number): Promise<RunningProcess> {
    const child = startKinoYu(
      {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: this.dataDir,
        LOG_LEVEL: 'info',
        API_TOKEN: E2E_API_TOKEN,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
        SESSION_SECRET: 'e2e-session-secret-0123456789abcdef',
        TWITCH_CLIENT_ID: this.fake.clientId,
        TWITCH_CLIENT_SECRET: this.fake.clientSecret,
        TWITCH_MOCK_URL: this.fake.url,
        DRAND_URLS: this.beacon.url,
        DRAND_CHAIN_HASH: this.beacon.chainHash,
        ...(this.postgres?.url && { DATABASE_URL: this.postgres.url }),
      },
      ['--only=api'],
    );
    this.running.push(child);
    await waitForOk(`http://127.0.0.1:${port}/readyz`, child);
    return child;
  }

  /** Calls `/api/v1{route}` on the process at `port` with the service token. */
  async api(port: number, method: string, route: string, body?: object) {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1${route}`, {
      method,
      headers: {
        authorization: `Bearer ${E2E_API_TOKEN}`,
        ...(body && { 'content-type': 'application/json' }),
      },
      body: body && JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  /** Connects the sandbox channel through the real consent flow of the fake Twitch. */
  async connect(port: number): Promise<void> {
    const login = await fetch(`http://127.0.0.1:${port}/auth/twitch/login`, { redirect: 'manual' });
    const done = await fetch(await answerConsentPage(login.headers.get('location') ?? ''));
    expect(done.status).toBe(200);
  }

  /** Opens the processes' database from the test (to read what they recorded); close it after. */
  database(): Promise<Database> {
    return openDatabase(
      this.postgres?.url ? { databaseUrl: this.postgres.url } : { pgliteDir: `${this.dataDir}/pglite` },
    );
  }

  async close(): Promise<void> {
    for (const running of this.running) running.child.kill('SIGKILL');
    await this.fake.close();
    await this.beacon.close();
    await this.postgres?.destroy().catch(() => undefined);
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
