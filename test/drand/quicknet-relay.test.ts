import { bls12_381 } from '@noble/curves/bls12-381.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DrandRelays } from '../../src/drand/relay-client.ts';
import { BeaconUnavailableError } from '../../src/drand/relay-failure.ts';
import { bytesToHex, QUICKNET } from '../../src/raffles/beacon.ts';
import { startLocalBeacon } from '../../src/sandbox/drand/index.ts';
import {
  flipBit,
  QUICKNET_INFO,
  QUICKNET_SIGNATURES,
  quicknetRoutes,
  type ReplayRelay,
  roundJson,
  startReplayRelay,
} from '../helpers/drand.ts';

// The relay client against relays replaying what quicknet's public relays served, on loopback (no test
// reaches the internet), and against relays that lie about quicknet or about another chain.
describe('DrandRelays and quicknet', () => {
  const started: ReplayRelay[] = [];
  const relay = async (routes: Parameters<typeof startReplayRelay>[0]) => {
    const replay = await startReplayRelay(routes);
    started.push(replay);
    return replay;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((replay) => replay.close()));
  });
  const quicknetClient = (urls: string[]) => new DrandRelays({ urls, chainHash: QUICKNET.chainHash });

  it('accepts quicknet rounds 1000, 657413 and 5928395 as published', async () => {
    const replay = await relay(quicknetRoutes());
    const relays = quicknetClient([replay.url]);
    expect(await relays.chain()).toEqual(QUICKNET);
    for (const round of QUICKNET_SIGNATURES.keys()) {
      const result = await relays.fetchRound(round);
      if (result.status !== 'ok') throw new Error(`round ${round}: ${result.status}`);
      expect(result.beacon.round).toBe(round);
    }
    const published = await relays.fetchRound(657413);
    // drand-verify's README quotes this round's randomness.
    expect(published.status === 'ok' && published.beacon.randomness).toBe(
      'fc1873a13f3545aeade8401532ef5519920652eee6b0d2b19ca12643b87b3587',
    );
  });

  it('refuses a quicknet round with one flipped bit in its signature, at any deadline', async () => {
    const signature = flipBit(QUICKNET_SIGNATURES.get(1000) ?? '', 100);
    const replay = await relay(quicknetRoutes(new Map([[1000, signature]])));
    const relays = quicknetClient([replay.url]);
    const outcome = await relays.fetchRound(1000);
    expect(outcome.status).toBe('unavailable');
    const problem = outcome.status === 'ok' ? undefined : outcome.failures[0]?.problem;
    expect(['bad_signature', 'bad_encoding']).toContain(problem);
    await expect(relays.waitForRound(1000, { deadline: Date.now() + 300 })).rejects.toThrow(
      BeaconUnavailableError,
    );
  });

  it('refuses a relay serving another key for quicknet, and takes the honest one after it', async () => {
    const otherKey = bytesToHex(
      bls12_381.shortSignatures.getPublicKey(bls12_381.utils.randomSecretKey()).toBytes(true),
    );
    const liar = await relay({
      [`/${QUICKNET.chainHash}/info`]: { body: { ...QUICKNET_INFO, public_key: otherKey } },
    });
    const error = await quicknetClient([liar.url])
      .chain()
      .catch((caught: unknown) => caught);
    expect((error as BeaconUnavailableError).failures).toEqual([
      { relay: liar.url, problem: 'not_the_known_chain', status: 200 },
    ]);
    const honest = await relay(quicknetRoutes());
    const relays = quicknetClient([liar.url, honest.url]);
    expect((await relays.chain()).publicKey).toBe(QUICKNET.publicKey);
    const result = await relays.fetchRound(1000);
    expect(result.status === 'ok' && result.relay).toBe(honest.url);
  });

  it('refuses info naming another hash, answers that are not drand, and another round', async () => {
    const cases = [
      { info: { ...QUICKNET_INFO, hash: 'ab'.repeat(32) }, problem: 'hash_mismatch' },
      { info: '<html>bad gateway</html>', problem: 'bad_answer' },
      { info: { ...QUICKNET_INFO, period: 'three' }, problem: 'bad_answer' },
    ];
    for (const { info, problem } of cases) {
      const replay = await relay({ [`/${QUICKNET.chainHash}/info`]: { body: info } });
      const error = await quicknetClient([replay.url])
        .chain()
        .catch((caught: unknown) => caught);
      expect((error as BeaconUnavailableError).failures[0]?.problem).toBe(problem);
    }
    const swapped = await relay({
      ...quicknetRoutes(),
      [`/${QUICKNET.chainHash}/public/1000`]: {
        body: roundJson(657413, QUICKNET_SIGNATURES.get(657413) ?? ''),
      },
    });
    const outcome = await quicknetClient([swapped.url]).fetchRound(1000);
    expect(outcome.status === 'unavailable' && outcome.failures[0]?.problem).toBe('wrong_round');
  });

  it('trusts another chain only when its info hashes to the configured chain hash', async () => {
    const beacon = await startLocalBeacon();
    try {
      const honest = await relay({ [`/${beacon.chainHash}/info`]: { body: beacon.info } });
      const relays = new DrandRelays({ urls: [honest.url], chainHash: beacon.chainHash });
      expect((await relays.chain()).publicKey).toBe(beacon.info.public_key);
      const otherKey = bytesToHex(
        bls12_381.shortSignatures.getPublicKey(bls12_381.utils.randomSecretKey()).toBytes(true),
      );
      const liar = await relay({
        [`/${beacon.chainHash}/info`]: { body: { ...beacon.info, public_key: otherKey } },
      });
      const error = await new DrandRelays({ urls: [liar.url], chainHash: beacon.chainHash })
        .chain()
        .catch((caught: unknown) => caught);
      expect((error as BeaconUnavailableError).failures[0]?.problem).toBe('hash_mismatch');
    } finally {
      await beacon.close();
    }
  });
});
