import type { BeaconChainSigner } from './beacon-chain.ts';
import type { BeaconFaults } from './fault-switches.ts';

/** An answer: status and JSON body. */
export interface BeaconAnswer {
  readonly status: number;
  readonly body: unknown;
  /** drand lets caches keep a published round for ever, never `latest`. */
  readonly cacheControl?: string;
}

const error = (status: number, message: string): BeaconAnswer => ({ status, body: { error: message } });

/**
 * drand's HTTP API for one chain (https://docs.drand.love/docs/dev-guide/API%20Documentation%20v1/):
 * `/chains`, `/{hash}/info`, `/{hash}/public/latest`, `/{hash}/public/{round}`, and the same without
 * the hash prefix for this, the relay's only chain.
 */
export function answerBeaconRequest(
  chain: BeaconChainSigner,
  faults: BeaconFaults,
  method: string,
  path: string,
  nowMs = Date.now(),
): BeaconAnswer {
  if (method !== 'GET' && method !== 'HEAD')
    return error(405, `${method} is not served: drand's API is GET only`);
  if (path === '/chains') return { status: 200, body: [chain.info.hash] };
  const parts = path.split('/').filter((part) => part !== '');
  if (/^[0-9a-f]{64}$/.test(parts[0] ?? '')) {
    if (parts[0] !== chain.info.hash)
      return error(404, 'unknown chain hash: this relay serves one chain (see /chains)');
    parts.shift();
  }
  if (parts.length === 1 && parts[0] === 'info') return { status: 200, body: chain.info };
  if (parts.length === 2 && parts[0] === 'public') return publicRound(chain, faults, parts[1] ?? '', nowMs);
  return error(404, `${path} is not part of drand's API`);
}

function publicRound(
  chain: BeaconChainSigner,
  faults: BeaconFaults,
  which: string,
  nowMs: number,
): BeaconAnswer {
  const latest = chain.latestRound(nowMs);
  if (which === 'latest') {
    if (latest === 0) return error(425, 'the chain has not started yet');
    return served(chain, faults, latest, 'no-store');
  }
  if (!/^\d{1,15}$/.test(which)) return error(400, `"${which}" is not a round number`);
  const round = Number(which);
  if (round === 0) return error(404, 'there is no round 0: rounds start at 1');
  if (round > latest) {
    const at = new Date(chain.roundTimeMs(round)).toISOString();
    return error(425, `round ${round} is not published yet: it comes at ${at}`);
  }
  return served(chain, faults, round, 'public, max-age=604800, immutable');
}

function served(
  chain: BeaconChainSigner,
  faults: BeaconFaults,
  round: number,
  cacheControl: string,
): BeaconAnswer {
  if (faults.missingRounds.has(round)) return error(404, `round ${round} is missing on this relay`);
  const body = faults.wrongSignature ? chain.roundJson(round, round + 1) : chain.roundJson(round);
  return { status: 200, body, cacheControl };
}
