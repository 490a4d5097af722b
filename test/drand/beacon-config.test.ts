import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { beaconSourceOf, PUBLIC_DRAND_RELAYS, setUpBeacon } from '../../src/drand/beacon-setup.ts';
import { SANDBOX_BEACON_FILE } from '../../src/drand/sandbox-identity.ts';
import { bytesToHex, QUICKNET } from '../../src/raffles/beacon.ts';
import { startLocalBeacon } from '../../src/sandbox/drand/index.ts';

// DRAND_URLS and DRAND_CHAIN_HASH (SPEC §6), and where a process reads its rounds from.
describe('drand configuration', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kinoyu-drand-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const load = (environment: Record<string, string>) =>
    loadConfig({ DATA_DIR: path.join(dir, 'data'), ...environment });
  const twitch = { TWITCH_CLIENT_ID: 'client-id', TWITCH_CLIENT_SECRET: 'client-secret' };

  it('defaults to quicknet, with no relay list of its own', () => {
    expect(load({}).drand).toEqual({ urls: undefined, chainHash: QUICKNET.chainHash });
  });

  it('reads a comma-separated list of relay base URLs', () => {
    const config = load({
      DRAND_URLS: ' https://relay.example/ , http://127.0.0.1:9000/drand/,',
      DRAND_CHAIN_HASH: 'ab'.repeat(32),
    });
    expect(config.drand).toEqual({
      urls: ['https://relay.example', 'http://127.0.0.1:9000/drand'],
      chainHash: 'ab'.repeat(32),
    });
  });

  it.each([
    ['DRAND_URLS', 'api.drand.sh', /DRAND_URLS: "api.drand.sh" is not an absolute URL/],
    [
      'DRAND_URLS',
      'https://api.drand.sh,ftp://relay.example',
      /DRAND_URLS: "ftp:\/\/relay.example" is not http\(s\)/,
    ],
    [
      'DRAND_URLS',
      'https://user:hunter2@relay.example',
      /DRAND_URLS: "relay.example" carries a user name or password/,
    ],
    ['DRAND_URLS', 'https://relay.example/?chain=1', /DRAND_URLS: .* has a query or a fragment/],
    ['DRAND_URLS', ' , ', /DRAND_URLS: lists no URL/],
    ['DRAND_CHAIN_HASH', 'AB'.repeat(32), /DRAND_CHAIN_HASH: must be a drand chain hash/],
    ['DRAND_CHAIN_HASH', '52db9ba7', /DRAND_CHAIN_HASH: must be a drand chain hash/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    const attempt = () => load({ [name]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('never prints a password given in DRAND_URLS', () => {
    let message = '';
    try {
      load({ DRAND_URLS: 'https://user:hunter2@relay.example' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('DRAND_URLS');
    expect(message).not.toContain('hunter2');
  });

  it('reads rounds from DRAND_URLS, else the sandbox beacon, else drand’s public relays', () => {
    expect(beaconSourceOf(load({ DRAND_URLS: 'http://127.0.0.1:9000' }))).toEqual({
      kind: 'relays',
      urls: ['http://127.0.0.1:9000'],
      chainHash: QUICKNET.chainHash,
      publicRelays: false,
    });
    expect(beaconSourceOf(load({}))).toEqual({ kind: 'local' });
    expect(beaconSourceOf(load(twitch))).toEqual({
      kind: 'relays',
      urls: PUBLIC_DRAND_RELAYS,
      chainHash: QUICKNET.chainHash,
      publicRelays: true,
    });
  });

  it('starts the sandbox beacon with an identity kept in DATA_DIR, says where, and never logs its key', async () => {
    const dataDir = path.join(dir, 'sandbox');
    const config = loadConfig({ DATA_DIR: dataDir });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const started: string[] = [];
    const setUp = () =>
      setUpBeacon(config, logger, async (identity) => {
        started.push(bytesToHex(identity.secretKey));
        return startLocalBeacon(identity);
      });
    const first = await setUp();
    const firstChain = await first.relays.chain();
    await first.close();
    const second = await setUp();
    try {
      expect(await second.relays.chain()).toEqual(firstChain);
      expect(second.relays.urls).toHaveLength(1);
      expect(second.relays.urls[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const announced = lines.filter((line) =>
        line.includes('local drand beacon (sandbox) on http://127.0.0.1:'),
      );
      expect(announced).toHaveLength(2);
      expect(announced[1]).toContain(`${second.relays.urls[0]}, period 1 s`);
      expect(started[0]).toBe(started[1]);
      for (const line of lines) expect(line).not.toContain(started[0]);
      expect(existsSync(path.join(dataDir, SANDBOX_BEACON_FILE))).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('builds relays from the configuration outside the sandbox, starting nothing', async () => {
    const config = load({ ...twitch, DRAND_URLS: 'http://127.0.0.1:9' });
    const setup = await setUpBeacon(config, pino({ level: 'silent' }), () => {
      throw new Error('the local beacon must not start');
    });
    expect(setup.relays.urls).toEqual(['http://127.0.0.1:9']);
    expect(setup.relays.chainHash).toBe(QUICKNET.chainHash);
    await setup.close();
  });
});
