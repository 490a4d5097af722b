import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { BeaconChainSigner, type DrandInfoJson } from './beacon-chain.ts';
import { answerBeaconRequest } from './beacon-routes.ts';
import { type BeaconFaults, noFaults } from './fault-switches.ts';

export interface LocalBeaconOptions {
  /** Default 127.0.0.1: it stands in for a public relay on this machine only. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** Seconds between rounds; default 1. */
  readonly period?: number;
  /** The chain's BLS secret key (32 bytes); a new one when not given. Never logged or served. */
  readonly secretKey?: Uint8Array;
  /** Unix seconds of round 1; default now, rounded down. */
  readonly genesisTime?: number;
}

/** A running local beacon. */
export interface LocalBeacon {
  /** Base URL, as DRAND_URLS takes it. */
  readonly url: string;
  readonly chainHash: string;
  /** Its `/info`, in drand's JSON shape. */
  readonly info: DrandInfoJson;
  /** Switch faults on and off at any time. */
  readonly faults: BeaconFaults;
  /** The round published last (0 before genesis). */
  latestRound(): number;
  /** Unix time of a round in ms. */
  roundTimeMs(round: number): number;
  close(): Promise<void>;
}

/**
 * Starts a drand relay of a chain of its own (one BLS key, drand's HTTP shape and unchained G1 scheme),
 * so the sandbox draws with public randomness without a network, and tests have a relay that can be
 * slow, down or lying. Rounds are signed when asked for: a round is served from its time on.
 */
export async function startLocalBeacon(options: LocalBeaconOptions = {}): Promise<LocalBeacon> {
  const host = options.host ?? '127.0.0.1';
  const secretKey = options.secretKey ?? bls12_381.utils.randomSecretKey();
  const genesisTime = options.genesisTime ?? Math.floor(Date.now() / 1000);
  const chain = new BeaconChainSigner(secretKey, genesisTime, options.period ?? 1);
  const faults = noFaults();
  const server = createServer((request, response) => void serve(chain, faults, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    chainHash: chain.info.hash,
    info: chain.info,
    faults,
    latestRound: () => chain.latestRound(),
    roundTimeMs: (round) => chain.roundTimeMs(round),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  chain: BeaconChainSigner,
  faults: BeaconFaults,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (faults.down === 'reset') {
    request.socket.destroy();
    return;
  }
  try {
    if (faults.delayMs > 0) await sleep(faults.delayMs);
    // The client gave up meanwhile (its request timeout): nobody to answer.
    if (request.socket.destroyed) return;
    const path = new URL(request.url ?? '/', 'http://beacon').pathname;
    const answer =
      faults.down === 'unavailable'
        ? { status: 503, body: { error: 'the relay is down (fault switch)' }, cacheControl: undefined }
        : answerBeaconRequest(chain, faults, request.method ?? 'GET', path);
    response.writeHead(answer.status, {
      'content-type': 'application/json',
      ...(answer.cacheControl && { 'cache-control': answer.cacheControl }),
    });
    response.end(request.method === 'HEAD' ? undefined : JSON.stringify(answer.body));
  } catch {
    // A bug in the stand-in (it signs nothing the caller sent): a drand-like 500, never a crash.
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'the local beacon failed' }));
  }
}
