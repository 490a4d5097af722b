import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QUICKNET } from '../../src/raffles/beacon.ts';

/**
 * quicknet's `/info` as https://api.drand.sh/52db9ba7…e971/info serves it (the same values are in
 * drand-client's lib/defaults.ts, QUICKNET_CHAIN_INFO).
 */
export const QUICKNET_INFO = Object.freeze({
  public_key: QUICKNET.publicKey,
  period: 3,
  genesis_time: 1692803367,
  hash: QUICKNET.chainHash,
  groupHash: 'f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e',
  schemeID: 'bls-unchained-g1-rfc9380',
  metadata: Object.freeze({ beaconID: 'quicknet' }),
});

/** Rounds quicknet published (the vectors of test/raffles/beacon.test.ts), as drand serves them. */
export const QUICKNET_SIGNATURES: ReadonlyMap<number, string> = new Map([
  [1000, 'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39'],
  [
    657413,
    'b713718a38ae728dfd477991af2822e08d2f305e47718cef9f7848ce4050e7be41076862b98fad56e91a6b85b89cd97b',
  ],
  [
    5928395,
    'a5d07c0071b4e386b3ae09206522253c68fefe8490ad59ecc44a7dd0d0745be91da5779e2247a82403fbc0cb9a34cb61',
  ],
]);

/** A round in drand's JSON: its randomness is SHA-256 of the signature, as drand computes it. */
export function roundJson(round: number, signature: string) {
  const randomness = createHash('sha256').update(Buffer.from(signature, 'hex')).digest('hex');
  return { round, randomness, signature };
}

/** quicknet's routes of a relay: `/info` and the published rounds, under its chain hash. */
export function quicknetRoutes(signatures = QUICKNET_SIGNATURES): Record<string, Answer> {
  const routes: Record<string, Answer> = { [`/${QUICKNET.chainHash}/info`]: { body: QUICKNET_INFO } };
  for (const [round, signature] of signatures)
    routes[`/${QUICKNET.chainHash}/public/${round}`] = { body: roundJson(round, signature) };
  return routes;
}

/** One fixed answer of a replay relay (status 200 unless given; a string body is sent as it is). */
export interface Answer {
  readonly status?: number;
  readonly body: unknown;
}

export interface ReplayRelay {
  readonly url: string;
  /** The paths asked for, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A relay on loopback that answers fixed JSON by path and 404 otherwise: replays what a real drand
 * relay served, or serves what a lying one would.
 */
export async function startReplayRelay(routes: Record<string, Answer>): Promise<ReplayRelay> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://relay').pathname;
    requests.push(path);
    const answer = routes[path] ?? { status: 404, body: { error: 'not found' } };
    response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
    response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `hex` with one bit flipped. */
export function flipBit(hex: string, bit: number): string {
  const bytes = Buffer.from(hex, 'hex');
  const index = Math.floor(bit / 8);
  bytes[index] = (bytes[index] as number) ^ (1 << (bit % 8));
  return bytes.toString('hex');
}
