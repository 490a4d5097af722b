import { bls12_381 } from '@noble/curves/bls12-381.js';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DrandRelays, type DrandRelaysOptions } from '../../src/drand/relay-client.ts';
import { BeaconUnavailableError } from '../../src/drand/relay-failure.ts';
import { metricsText } from '../../src/metrics/metrics.ts';
import { checkBeaconRound, roundAt, roundTimeMs } from '../../src/raffles/beacon.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { type LocalBeacon, startLocalBeacon } from '../../src/sandbox/drand/index.ts';
import { freePort } from '../helpers/process.ts';

// The relay client of SPEC §4.1 against local beacons: one honest relay, and two "twins" of the same
// chain (same key and genesis, so the same chain hash) whose faults each test switches on.
describe('DrandRelays', () => {
  const secretKey = bls12_381.utils.randomSecretKey();
  const genesisTime = Math.floor(Date.now() / 1000) - 30;
  let good: LocalBeacon;
  let twin: LocalBeacon;
  let twin2: LocalBeacon;

  beforeAll(async () => {
    const start = () => startLocalBeacon({ secretKey, genesisTime });
    [good, twin, twin2] = await Promise.all([start(), start(), start()]);
  });
  afterEach(() => {
    for (const beacon of [twin, twin2]) {
      Object.assign(beacon.faults, { down: false, delayMs: 0, wrongSignature: false });
      beacon.faults.missingRounds.clear();
    }
  });
  afterAll(async () => {
    await Promise.all([good?.close(), twin?.close(), twin2?.close()]);
  });

  /** A client of `urls` for the local chain, and the log lines it wrote. */
  function client(urls: string[], options: Partial<DrandRelaysOptions> = {}) {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const relays = new DrandRelays({ urls, chainHash: good.chainHash, logger, ...options });
    return { relays, lines, warnings: () => lines.filter((line) => line.level === 40) };
  }

  it('asks the relays once for a round many draws wait for, and keeps it once verified', async () => {
    const asked: string[] = [];
    const counting: typeof fetch = (input, init) => {
      asked.push(String(input));
      return fetch(input, init);
    };
    const { relays } = client([good.url], { fetch: counting });
    const round = good.latestRound() - 1;
    const fetched = await Promise.all(Array.from({ length: 5 }, () => relays.fetchRound(round)));
    expect(fetched.map((result) => result.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    const again = await relays.waitForRound(round, { deadline: Date.now() + 5000 });
    expect(again.beacon).toEqual(fetched[0]?.status === 'ok' && fetched[0].beacon);
    expect(asked.filter((url) => url.endsWith(`/public/${round}`))).toHaveLength(1);
  });

  it('reads the chain from the first relay, once', async () => {
    const asked: string[] = [];
    const counting: typeof fetch = (input, init) => {
      asked.push(String(input));
      return fetch(input, init);
    };
    const { relays } = client([good.url], { fetch: counting });
    expect(await relays.chain()).toEqual({
      chainHash: good.chainHash,
      publicKey: good.info.public_key,
      scheme: 'bls-unchained-g1-rfc9380',
      period: 1,
      genesisTime,
    });
    await relays.chain();
    await relays.fetchRound(1);
    expect(asked.filter((url) => url.endsWith('/info'))).toEqual([`${good.url}/${good.chainHash}/info`]);
  });

  it('fetches a round that is already out, verified', async () => {
    const { relays } = client([good.url]);
    const round = good.latestRound();
    const result = await relays.fetchRound(round);
    if (result.status !== 'ok') throw new Error(`expected the round, got ${result.status}`);
    expect(result.beacon.round).toBe(round);
    expect(result.relay).toBe(good.url);
    expect(await checkBeaconRound(result.chain, result.beacon, nodeSha256)).toBeNull();
  });

  it('says "not yet" for a round still to come, apart from "unavailable"', async () => {
    const { relays } = client([good.url]);
    const result = await relays.fetchRound(good.latestRound() + 5);
    expect(result).toEqual({
      status: 'not_yet',
      failures: [{ relay: good.url, problem: 'not_yet', status: 425 }],
    });
    const port = await freePort();
    const down = client([`http://127.0.0.1:${port}`]).relays;
    const unavailable = await down.fetchRound(1);
    expect(unavailable.status).toBe('unavailable');
    if (unavailable.status === 'ok') return;
    expect(unavailable.failures).toEqual([
      { relay: `http://127.0.0.1:${port}`, problem: 'unreachable', detail: 'ECONNREFUSED' },
    ]);
  });

  it('waits for a future round and gets it soon after its time', async () => {
    const { relays } = client([good.url]);
    const chain = await relays.chain();
    const round = roundAt(chain, Date.now()) + 2;
    const dueAt = roundTimeMs(chain, round);
    const result = await relays.waitForRound(round, { deadline: dueAt + 10_000 });
    const gotAt = Date.now();
    expect(result.beacon.round).toBe(round);
    expect(gotAt).toBeGreaterThanOrEqual(dueAt);
    expect(gotAt - dueAt).toBeLessThan(1500);
    expect(await checkBeaconRound(chain, result.beacon, nodeSha256)).toBeNull();
  });

  it.each(['reset', 'unavailable'] as const)('uses relay 2 when relay 1 is down (%s)', async (mode) => {
    twin.faults.down = mode;
    const { relays } = client([twin.url, good.url]);
    const round = good.latestRound();
    const result = await relays.waitForRound(round, { deadline: Date.now() + 5000 });
    expect(result.relay).toBe(good.url);
    expect(result.beacon.round).toBe(round);
  });

  it('skips a relay serving a wrong signature, logging only its URL and the problem', async () => {
    twin.faults.wrongSignature = true;
    const round = good.latestRound();
    const served = (await (await fetch(`${twin.url}/public/${round}`)).json()) as { signature: string };
    // Relay 2 is asked only once relay 1's answer has been judged.
    const { relays, warnings } = client([twin.url, good.url], { staggerMs: 10_000 });
    const result = await relays.waitForRound(round, { deadline: Date.now() + 5000 });
    expect(result.relay).toBe(good.url);
    expect(result.beacon.signature).not.toBe(served.signature);
    expect(warnings()).toHaveLength(1);
    const [warning] = warnings();
    expect(warning).toMatchObject({ relay: twin.url, problem: 'bad_signature', round });
    expect(Object.keys(warning ?? {}).sort()).toEqual([
      'hostname',
      'level',
      'msg',
      'pid',
      'problem',
      'relay',
      'round',
      'time',
    ]);
    expect(JSON.stringify(warning)).not.toContain(served.signature);
  });

  it('never accepts a round no relay serves verified: unavailable at the deadline', async () => {
    twin.faults.wrongSignature = true;
    twin2.faults.wrongSignature = true;
    const { relays, warnings } = client([twin.url, twin2.url]);
    const round = good.latestRound();
    const deadline = Date.now() + 1500;
    const error = await relays.waitForRound(round, { deadline }).catch((caught: unknown) => caught);
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
    expect(error).toBeInstanceOf(BeaconUnavailableError);
    const unavailable = error as BeaconUnavailableError;
    expect(unavailable.round).toBe(round);
    expect(unavailable.failures.map((failure) => failure.problem)).toEqual([
      'bad_signature',
      'bad_signature',
    ]);
    // Asked several times, said once per relay.
    expect(warnings().map((line) => line.relay)).toEqual([twin.url, twin2.url]);
  });

  it('gives up on a relay slower than the request timeout and uses the next', async () => {
    twin.faults.delayMs = 5000;
    const startedAt = Date.now();
    const { relays } = client([twin.url, good.url], { requestTimeoutMs: 300, staggerMs: 10_000 });
    const result = await relays.waitForRound(good.latestRound(), { deadline: Date.now() + 4000 });
    expect(result.relay).toBe(good.url);
    expect(Date.now() - startedAt).toBeLessThan(4000);
    const slowOnly = client([twin.url], { requestTimeoutMs: 300 }).relays;
    const outcome = await slowOnly.fetchRound(1);
    expect(outcome.status === 'unavailable' && outcome.failures[0]?.problem).toBe('timeout');
  });

  it('a round a relay never serves is unavailable at the deadline; the next one comes', async () => {
    const { relays } = client([twin.url]);
    const chain = await relays.chain();
    const round = roundAt(chain, Date.now()) + 1;
    twin.faults.missingRounds.add(round);
    const deadline = roundTimeMs(chain, round) + 1200;
    const error = await relays.waitForRound(round, { deadline }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BeaconUnavailableError);
    expect((error as BeaconUnavailableError).failures).toEqual([
      { relay: twin.url, problem: 'not_yet', status: 404 },
    ]);
    const next = await relays.waitForRound(round + 1, { deadline: roundTimeMs(chain, round + 1) + 5000 });
    expect(next.beacon.round).toBe(round + 1);
  });

  it('refuses a relay that does not serve the configured chain', async () => {
    const other = await startLocalBeacon();
    try {
      const { relays } = client([other.url]);
      const error = await relays.chain().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BeaconUnavailableError);
      expect((error as BeaconUnavailableError).failures).toEqual([
        { relay: other.url, problem: 'unknown_chain', status: 404 },
      ]);
      const outcome = await relays.fetchRound(other.latestRound());
      expect(outcome.status).toBe('unavailable');
    } finally {
      await other.close();
    }
  });

  it('stops waiting when its signal aborts, with the signal’s reason', async () => {
    const { relays } = client([good.url]);
    await relays.chain();
    for (const when of ['at once', 'while waiting for the round'] as const) {
      const controller = new AbortController();
      const waiting = relays.waitForRound(good.latestRound() + 100, {
        deadline: Date.now() + 200_000,
        signal: controller.signal,
      });
      if (when === 'while waiting for the round') await new Promise((resolve) => setImmediate(resolve));
      controller.abort(new Error(`shutting down ${when}`));
      await expect(waiting).rejects.toThrow(`shutting down ${when}`);
    }
  });

  it('counts verified rounds and the relay answers it could not use', async () => {
    const sample = async (series: string) => {
      const { body } = await metricsText();
      const line = body.split('\n').find((entry) => entry.startsWith(`${series} `));
      return Number(line?.split(' ')[1] ?? 0);
    };
    const fetchedBefore = await sample('kinoyu_beacon_fetch_seconds_count');
    const badBefore = await sample('kinoyu_beacon_fetch_failures_total{problem="bad_signature"}');
    twin.faults.wrongSignature = true;
    const { relays } = client([twin.url, good.url], { staggerMs: 10_000 });
    await relays.waitForRound(good.latestRound(), { deadline: Date.now() + 5000 });
    expect((await sample('kinoyu_beacon_fetch_seconds_count')) - fetchedBefore).toBe(1);
    expect((await sample('kinoyu_beacon_fetch_failures_total{problem="bad_signature"}')) - badBefore).toBe(1);
  });
});
