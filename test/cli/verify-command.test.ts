import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/cli/verify-command.ts';
import { type BeaconChain, QUICKNET, roundTimeMs } from '../../src/raffles/beacon.ts';
import type { DrandProof, Proof } from '../../src/raffles/proof.ts';
import {
  flipBit,
  makeDrandProof,
  QUICKNET_ROUND,
  quicknetDrandProof,
  TEST_BEACON,
  testBeacon,
} from '../helpers/beacon-chain.ts';
import { buildProof } from '../helpers/proofs.ts';

const SEED = 'a'.repeat(64);
const USAGE = 'usage: kinoyu verify <raffle-id | proof.json | URL> [--trust <chain info file or URL>]';
const QUICKNET_CHAIN_TIMES = {
  chainHash: QUICKNET.chainHash,
  period: QUICKNET.period,
  genesisTime: QUICKNET.genesisTime,
};
const roundTime = (round: number) => new Date(roundTimeMs(QUICKNET, round)).toISOString();

/** A valid proof of raffle 42: 1,234 entrants, 3 winners, prizes. */
function validProof(): Promise<Proof> {
  return buildProof({
    seed: SEED,
    channel: 'foo',
    excluded: [],
    winners: 3,
    entrants: Array.from({ length: 1234 }, (_, index) => ({
      userId: String(100_000 + index),
      login: `viewer_${index}`,
      weight: index % 5 === 0 ? 2.5 : 1,
    })),
    items: [
      { id: 1, name: 'skin dourada', weight: 50, quantity: 1 },
      { id: 2, name: 'chave', weight: 5, quantity: null },
    ],
  });
}

/** A chain as drand's `GET /{chainHash}/info` describes it (the v1 HTTP API's field names). */
const drandInfo = (chain: BeaconChain) => ({
  public_key: chain.publicKey,
  period: chain.period,
  genesis_time: chain.genesisTime,
  genesis_seed: 'ab'.repeat(32),
  hash: chain.chainHash,
  groupHash: 'cd'.repeat(32),
  schemeID: chain.scheme,
  metadata: { beaconID: 'kinoyu-test' },
});

describe('kinoyu verify', () => {
  let proof: Proof;
  let quicknet: DrandProof;
  let sandboxDraw: DrandProof;
  let server: Server;
  let origin: string;
  let directory: string;
  let requested: string[];
  let lines: string[];

  beforeAll(async () => {
    proof = await validProof();
    const tampered = {
      ...proof,
      raffleId: 43,
      winners: proof.winners.map((winner, index) => (index === 0 ? { ...winner, userId: '100007' } : winner)),
    };
    const pending = {
      ...proof,
      raffleId: 7,
      seed: null,
      entrants: [],
      winners: [],
      items: [],
      entrantsDigest: '',
    };
    quicknet = { ...(await quicknetDrandProof({ items: proof.items })), raffleId: 50, channel: 'foo' };
    sandboxDraw = { ...(await makeDrandProof({ items: proof.items })), raffleId: 51, channel: 'foo' };
    const impostor = testBeacon('not quicknet', { ...QUICKNET_CHAIN_TIMES });
    const forgedQuicknet = { ...(await makeDrandProof({ beacon: impostor })), raffleId: 52, channel: 'foo' };
    const routes: Record<string, [number, string]> = {
      '/api/v1/raffles/50/proof': [200, JSON.stringify(quicknet)],
      '/api/v1/raffles/51/proof': [200, JSON.stringify(sandboxDraw)],
      '/api/v1/raffles/52/proof': [200, JSON.stringify(forgedQuicknet)],
      '/beacon/info': [200, JSON.stringify(drandInfo(TEST_BEACON.chain))],
      '/api/v1/raffles/42/proof': [200, JSON.stringify(proof)],
      '/api/v1/raffles/43/proof': [200, JSON.stringify(tampered)],
      '/api/v1/raffles/7/proof': [200, JSON.stringify(pending)],
      '/kinoyu/api/v1/raffles/42/proof': [200, JSON.stringify(proof)],
      '/files/proof-42.json': [200, JSON.stringify(proof)],
      '/broken.json': [200, '{"algorithm": "kinoyu-es-sha256-v1", '],
    };
    server = createServer((request, response) => {
      requested.push(request.url ?? '');
      const [status, body] = routes[request.url ?? ''] ?? [
        404,
        JSON.stringify({ code: 'raffle_not_found', message: 'There is no raffle 404.', status: 404 }),
      ];
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    directory = await mkdtemp(path.join(tmpdir(), 'kinoyu-verify-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(directory, { recursive: true, force: true });
  });

  beforeEach(() => {
    requested = [];
    lines = [];
  });

  const verify = (arg: string | string[], apiBaseUrl = origin) =>
    runVerify(typeof arg === 'string' ? [arg] : arg, {
      fetch,
      readFile: (file) => readFile(file, 'utf8'),
      out: (line) => lines.push(line),
      apiBaseUrl,
    });

  it('verifies a raffle id against the API and prints a one-line summary', async () => {
    expect(await verify('42')).toBe(0);
    expect(requested).toEqual(['/api/v1/raffles/42/proof']);
    expect(lines).toEqual([
      `OK — raffle 42 on channel foo: 3 winners, 1,234 entrants, commitment ${proof.commitment.slice(0, 8)}… matches`,
    ]);
  });

  it('fetches the proof JSON of a proof page URL /r/{id}, keeping a path prefix', async () => {
    expect(await verify(`${origin}/r/42`, 'http://unused.invalid')).toBe(0);
    expect(await verify(`${origin}/kinoyu/r/42/?ref=discord`, 'http://unused.invalid')).toBe(0);
    expect(requested).toEqual(['/api/v1/raffles/42/proof', '/kinoyu/api/v1/raffles/42/proof']);
  });

  it('fetches any other URL as it is', async () => {
    expect(await verify(`${origin}/files/proof-42.json`)).toBe(0);
    expect(requested).toEqual(['/files/proof-42.json']);
  });

  it('verifies a proof.json file', async () => {
    const file = path.join(directory, 'proof.json');
    await writeFile(file, JSON.stringify(proof));
    expect(await verify(file)).toBe(0);
    expect(lines[0]).toMatch(/^OK — raffle 42 on channel foo/);
    expect(requested).toEqual([]);
  });

  it('says MISMATCH with each problem on its own line, and exits 1', async () => {
    expect(await verify('43')).toBe(1);
    expect(lines[0]).toBe('MISMATCH — raffle 43 on channel foo: 1 problem');
    expect(lines[1]).toMatch(
      /^ {2}winner_mismatch: position 1: proof says user 100007 \(viewer_\d+\), the seed gives/,
    );
    expect(lines).toHaveLength(2);
  });

  it('says a raffle is not drawn yet, and exits 2', async () => {
    expect(await verify('7')).toBe(2);
    expect(lines).toEqual([
      `PENDING — raffle 7 on channel foo is not drawn yet: commitment ${proof.commitment.slice(0, 8)}… is published, the seed is revealed after the draw`,
    ]);
  });

  it('reports a 404 with the API message in one line, and exits 2', async () => {
    expect(await verify('404')).toBe(2);
    expect(lines).toEqual([
      `kinoyu verify: ${origin}/api/v1/raffles/404/proof answered 404 Not Found: There is no raffle 404.`,
    ]);
  });

  it('reports invalid JSON in one line, and exits 2', async () => {
    expect(await verify(`${origin}/broken.json`)).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.startsWith(`kinoyu verify: ${origin}/broken.json is not valid JSON: `)).toBe(true);
  });

  it('reports a server that does not answer in one line, and exits 2', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await verify('42', `http://127.0.0.1:${port}`)).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^kinoyu verify: cannot fetch http:\/\/127\.0\.0\.1:\d+\/api\/v1\/raffles\/42\/proof: .*ECONNREFUSED/,
    );
  });

  it('reports a missing file in one line, and exits 2', async () => {
    const missing = path.join(directory, 'nope.json');
    expect(await verify(missing)).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.startsWith(`kinoyu verify: cannot read ${missing}: ENOENT`)).toBe(true);
  });

  it('refuses JSON that is not a proof, and exits 2', async () => {
    const file = path.join(directory, 'other.json');
    await writeFile(file, JSON.stringify({ hello: 'world' }));
    expect(await verify(file)).toBe(2);
    expect(lines[0]).toBe(`CANNOT VERIFY — ${file} is not a proof this verifier can check:`);
    expect(lines.slice(1).every((line) => line.startsWith('  malformed: '))).toBe(true);
  });

  it('prints the usage for an empty argument, and exits 2', async () => {
    expect(await verify('  ')).toBe(2);
    expect(lines).toEqual([USAGE]);
  });

  describe('a draw anchored to a drand round (§4.1)', () => {
    const trustFile = async (content: unknown) => {
      const file = path.join(directory, `chain-${Math.random().toString(36).slice(2)}.json`);
      await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
      return file;
    };

    it('on quicknet: OK, and the round with its time after the snapshot', async () => {
      expect(await verify('50')).toBe(0);
      expect(lines).toEqual([
        `OK — raffle 50 on channel foo: 3 winners, 30 entrants, commitment ${quicknet.commitment.slice(0, 8)}… matches`,
        `  beacon: drand quicknet round ${QUICKNET_ROUND.round} at ${roundTime(QUICKNET_ROUND.round)}, 2.5 s after the snapshot; its BLS signature verifies`,
      ]);
    });

    it('on a chain it does not know: cannot verify, names the chain and --trust, and exits 2', async () => {
      expect(await verify('51')).toBe(2);
      expect(lines[0]).toBe(
        'CANNOT VERIFY — raffle 51 on channel foo: the draw adds up, but its beacon round cannot be checked here:',
      );
      expect(lines[1]).toMatch(
        new RegExp(
          `^ {2}unknown_chain: the proof names drand chain ${TEST_BEACON.chain.chainHash}, .*--trust <chain info file or URL>$`,
        ),
      );
      expect(lines).toHaveLength(2);
    });

    it('with --trust and the chain info file: OK, saying the chain is not a public one', async () => {
      const file = await trustFile(drandInfo(TEST_BEACON.chain));
      expect(await verify(['51', '--trust', file])).toBe(0);
      expect(lines[0]).toMatch(/^OK — raffle 51 on channel foo: 3 winners, 30 entrants, commitment /);
      expect(lines[1]).toMatch(
        new RegExp(
          `^ {2}beacon: chain ${TEST_BEACON.chain.chainHash.slice(0, 16)}… \\(trusted with --trust: not a public drand chain\\) round ${sandboxDraw.beacon?.round} at \\S+Z, 1\\.766 s after the snapshot; its BLS signature verifies$`,
        ),
      );
    });

    it('with --trust=<URL> of the chain info, and the v2 API field names too', async () => {
      expect(await verify([`--trust=${origin}/beacon/info`, '51'])).toBe(0);
      expect(requested).toEqual(['/beacon/info', '/api/v1/raffles/51/proof']);
      const { hash, schemeID, ...rest } = drandInfo(TEST_BEACON.chain);
      const file = await trustFile({ ...rest, chain_hash: hash, scheme: schemeID, beacon_id: 'kinoyu-test' });
      expect(await verify(['51', '--trust', file])).toBe(0);
    });

    it('refuses chain info that is not drand chain info, and exits 2', async () => {
      const missingKey = await trustFile({ ...drandInfo(TEST_BEACON.chain), public_key: undefined });
      expect(await verify(['51', '--trust', missingKey])).toBe(2);
      expect(lines).toHaveLength(1);
      expect(
        lines[0]?.startsWith(`kinoyu verify: --trust ${missingKey}: not drand chain info: public_key: `),
      ).toBe(true);

      lines = [];
      const chained = await trustFile({ ...drandInfo(TEST_BEACON.chain), schemeID: 'pedersen-bls-chained' });
      expect(await verify(['51', '--trust', chained])).toBe(2);
      expect(lines).toEqual([
        `kinoyu verify: --trust ${chained}: chain ${TEST_BEACON.chain.chainHash} uses scheme "pedersen-bls-chained"; only "bls-unchained-g1-rfc9380" can be checked`,
      ]);

      lines = [];
      const notAPoint = await trustFile({
        ...drandInfo(TEST_BEACON.chain),
        public_key: flipBit(TEST_BEACON.chain.publicKey, 9),
      });
      expect(await verify(['51', '--trust', notAPoint])).toBe(2);
      expect(lines).toEqual([
        `kinoyu verify: --trust ${notAPoint}: the public_key of chain ${TEST_BEACON.chain.chainHash} is not a BLS12-381 G2 point`,
      ]);

      lines = [];
      const broken = await trustFile('{"public_key": ');
      expect(await verify(['51', '--trust', broken])).toBe(2);
      expect(lines[0]?.startsWith(`kinoyu verify: ${broken} is not valid JSON: `)).toBe(true);
    });

    it('says MISMATCH for a proof naming quicknet with another key, and exits 1', async () => {
      expect(await verify('52')).toBe(1);
      expect(lines[0]).toBe('MISMATCH — raffle 52 on channel foo: 1 problem');
      expect(lines[1]).toMatch(
        /^ {2}beacon_chain_mismatch: the proof names drand quicknet \(52db9ba70e0cc0f6…\) with publicKey /,
      );
    });

    it('says MISMATCH for a tampered round of a trusted chain, and exits 1', async () => {
      const info = await trustFile(drandInfo(TEST_BEACON.chain));
      const file = await trustFile({
        ...sandboxDraw,
        beacon: { ...sandboxDraw.beacon, round: (sandboxDraw.beacon?.round ?? 0) + 1 },
      });
      expect(await verify([file, '--trust', info])).toBe(1);
      expect(lines[0]).toBe('MISMATCH — raffle 51 on channel foo: 2 problems');
      expect(lines.slice(1).map((line) => line.split(':')[0])).toEqual([
        '  beacon_bad_signature',
        '  beacon_round_mismatch',
      ]);
    });

    it.each([[['51', '--trust']], [['51', '--trust=']], [['51', '52']], [['51', '--trusted', 'x']]])(
      'prints the usage for %j, and exits 2',
      async (args) => {
        expect(await verify(args)).toBe(2);
        expect(lines).toEqual([USAGE]);
      },
    );
  });
});
