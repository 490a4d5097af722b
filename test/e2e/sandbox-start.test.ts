import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSandboxBeaconIdentity } from '../../src/drand/sandbox-identity.ts';
import { chainFromDrandInfo } from '../../src/raffles/drand-info.external.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import { BeaconChainSigner } from '../../src/sandbox/drand/beacon-chain.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { freePort, type RunningProcess, startKinoYu, waitForOk } from '../helpers/process.ts';

const CONNECTED_LINE = 'TWITCH SANDBOX: connected the sandbox channel kinoyu_sandbox';

// The README's quick start as written: `npm start` with no credentials, then the curl block (prizes,
// then a draw on kinoyu_sandbox) with the service token from data/secrets.json — nobody logs in
// through a browser. A second start keeps the connection it made.
describe('npm start without credentials, straight to the API', () => {
  let dataDir: string;
  let postgres: TestDatabase | undefined;
  let port: number;
  let running: RunningProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kinoyu-sandbox-start-'));
    if (process.env.TEST_DATABASE_URL) {
      postgres = await openTestDatabase();
      await postgres.close();
    }
    port = await freePort();
  });
  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await postgres?.destroy().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  const base = () => `http://127.0.0.1:${port}`;

  async function start(): Promise<RunningProcess> {
    running = startKinoYu({
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...(postgres?.url && { DATABASE_URL: postgres.url }),
    });
    await waitForOk(`${base()}/readyz`, running);
    return running;
  }

  async function stop(process: RunningProcess): Promise<void> {
    process.child.kill('SIGTERM');
    expect(await process.exited).toBe(0);
  }

  async function api(method: 'GET' | 'POST', url: string, body?: unknown) {
    const { apiToken } = JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8'));
    const response = await fetch(`${base()}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${apiToken}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  }

  it('draws on kinoyu_sandbox with no browser login, and keeps the connection across a restart', async () => {
    const first = await start();
    expect(first.output()).toContain('TWITCH SANDBOX');
    expect(first.output().split(CONNECTED_LINE)).toHaveLength(2);
    const items = await api('POST', '/api/v1/channels/kinoyu_sandbox/items', {
      text: 'skin dourada:50, skin prata:30x2, chave:5x*',
    });
    expect(items.status).toBe(201);
    const drawn = await api('POST', '/api/v1/channels/kinoyu_sandbox/raffles', { winners: 2 });
    expect(drawn.status).toBe(201);
    expect(drawn.body.channel).toBe('kinoyu_sandbox');
    expect(drawn.body.winners).toHaveLength(2);
    expect(drawn.body.eligibleCount).toBeGreaterThan(100);
    // Public randomness is on by default, with the sandbox's local beacon (SPEC §4.1): the draw waited
    // for its round, and its proof verifies under the chain of the key kept in DATA_DIR.
    expect(drawn.body.beacon).toMatchObject({ round: expect.any(Number), randomness: expect.any(String) });
    const proof = (await api('GET', `/api/v1/raffles/${drawn.body.raffleId}/proof`)).body;
    expect(proof.algorithm).toBe('kinoyu-es-sha256-drand-v1');
    const identity = loadOrCreateSandboxBeaconIdentity(dataDir);
    const chain = chainFromDrandInfo(
      new BeaconChainSigner(identity.secretKey, identity.genesisTime, identity.period).info,
    );
    expect(await verifyProof(proof, nodeSha256, { trustedChains: [chain] })).toMatchObject({ ok: true });
    await stop(first);

    const second = await start();
    expect(second.output()).not.toContain(CONNECTED_LINE);
    expect(second.output()).not.toContain('could not connect');
    const again = await api('POST', '/api/v1/channels/kinoyu_sandbox/raffles', { winners: 1 });
    expect(again.status).toBe(201);
    expect(again.body.winners).toHaveLength(1);
    await stop(second);
    // Two real starts, one of them creating the embedded database: minutes on a busy 2-core machine.
  }, 180_000);
});
