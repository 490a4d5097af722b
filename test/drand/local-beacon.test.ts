import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drandChainHash } from '../../src/drand/chain-hash.ts';
import { loadOrCreateSandboxBeaconIdentity, SANDBOX_BEACON_FILE } from '../../src/drand/sandbox-identity.ts';
import { type BeaconChain, checkBeaconRound, hexToBytes } from '../../src/raffles/beacon.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { type DrandInfoJson, type LocalBeacon, startLocalBeacon } from '../../src/sandbox/drand/index.ts';

/** The chain a client reads from a local beacon's `/info`. */
const chainOf = (info: DrandInfoJson): BeaconChain => ({
  chainHash: info.hash,
  publicKey: info.public_key,
  scheme: info.schemeID,
  period: info.period,
  genesisTime: info.genesis_time,
});

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

// The sandbox's local drand beacon: drand's HTTP shape, rounds that verify as quicknet's do, a chain
// that stays the same across restarts with the identity kept in DATA_DIR.
describe('the local drand beacon', () => {
  let beacon: LocalBeacon;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kinoyu-beacon-'));
    beacon = await startLocalBeacon({ genesisTime: Math.floor(Date.now() / 1000) - 20 });
  });
  afterAll(async () => {
    await beacon?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves rounds that verify under its info, by number and as latest', async () => {
    const info = await get(`${beacon.url}/${beacon.chainHash}/info`);
    expect(info).toEqual({ status: 200, body: beacon.info });
    const chain = chainOf(beacon.info);
    const latest = await get(`${beacon.url}/${beacon.chainHash}/public/latest`);
    const rounds = [1, 2, beacon.latestRound() - 1].map((round) =>
      get(`${beacon.url}/${beacon.chainHash}/public/${round}`),
    );
    for (const answer of [latest, ...(await Promise.all(rounds))]) {
      expect(answer.status).toBe(200);
      const round = answer.body as { round: number; signature: string; randomness: string };
      expect(await checkBeaconRound(chain, round, nodeSha256)).toBeNull();
    }
  });

  it("names its chain with drand's own hash formula", () => {
    expect(
      drandChainHash({
        period: beacon.info.period,
        genesisTime: beacon.info.genesis_time,
        publicKey: beacon.info.public_key,
        groupHash: beacon.info.groupHash,
        beaconId: beacon.info.metadata.beaconID,
      }),
    ).toBe(beacon.chainHash);
  });

  it('answers 425 for a round still to come, 404 for round 0, 400 for a round that is not a number', async () => {
    const future = beacon.latestRound() + 10;
    const early = await get(`${beacon.url}/${beacon.chainHash}/public/${future}`);
    expect(early.status).toBe(425);
    expect((early.body as { error: string }).error).toContain(`round ${future} is not published yet`);
    expect((await get(`${beacon.url}/${beacon.chainHash}/public/0`)).status).toBe(404);
    for (const garbage of ['abc', '-1', '1.5', '9'.repeat(30)])
      expect((await get(`${beacon.url}/${beacon.chainHash}/public/${garbage}`)).status).toBe(400);
  });

  it('lists its chain, serves it without the hash prefix, and knows no other', async () => {
    expect(await get(`${beacon.url}/chains`)).toEqual({ status: 200, body: [beacon.chainHash] });
    expect(await get(`${beacon.url}/info`)).toEqual({ status: 200, body: beacon.info });
    expect((await get(`${beacon.url}/public/1`)).body).toEqual(
      (await get(`${beacon.url}/${beacon.chainHash}/public/1`)).body,
    );
    expect((await get(`${beacon.url}/${'ab'.repeat(32)}/info`)).status).toBe(404);
    expect((await fetch(`${beacon.url}/info`, { method: 'POST' })).status).toBe(405);
  });

  it('fails as told: down, a wrong signature, a missing round', async () => {
    const chain = chainOf(beacon.info);
    const url = `${beacon.url}/public/3`;
    try {
      beacon.faults.down = 'unavailable';
      expect((await get(url)).status).toBe(503);
      beacon.faults.down = 'reset';
      await expect(fetch(url)).rejects.toThrow();
      beacon.faults.down = false;
      beacon.faults.wrongSignature = true;
      const wrong = (await get(url)).body as { round: number; signature: string; randomness: string };
      expect(wrong.round).toBe(3);
      expect(await checkBeaconRound(chain, wrong, nodeSha256)).toBe('bad_signature');
      beacon.faults.wrongSignature = false;
      beacon.faults.missingRounds.add(3);
      expect((await get(url)).status).toBe(404);
    } finally {
      Object.assign(beacon.faults, { down: false, wrongSignature: false });
      beacon.faults.missingRounds.clear();
    }
  });

  it('keeps its identity in DATA_DIR (owner only): the same chain after a restart', async () => {
    const first = loadOrCreateSandboxBeaconIdentity(dataDir);
    const again = loadOrCreateSandboxBeaconIdentity(dataDir, Date.now() + 3_600_000);
    expect(again).toEqual(first);
    const file = path.join(dataDir, SANDBOX_BEACON_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const before = await startLocalBeacon(first);
    const signature = ((await get(`${before.url}/public/1`)).body as { signature: string }).signature;
    await before.close();
    const after = await startLocalBeacon(again);
    try {
      expect(after.chainHash).toBe(before.chainHash);
      expect(((await get(`${after.url}/public/1`)).body as { signature: string }).signature).toBe(signature);
    } finally {
      await after.close();
    }
    const stored = JSON.parse(await readFile(file, 'utf8')) as { secretKey: string };
    expect(hexToBytes(stored.secretKey)).toEqual(first.secretKey);
  });

  it('stops at a damaged identity file with a message naming it', async () => {
    const damagedDir = path.join(dataDir, 'damaged');
    loadOrCreateSandboxBeaconIdentity(damagedDir);
    await writeFile(path.join(damagedDir, SANDBOX_BEACON_FILE), '{"secretKey": "zz"');
    expect(() => loadOrCreateSandboxBeaconIdentity(damagedDir)).toThrow(
      `${path.join(damagedDir, SANDBOX_BEACON_FILE)} is damaged`,
    );
  });
});
