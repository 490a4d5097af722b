import { BEACON_SCHEME, type BeaconChain, KNOWN_CHAINS } from '../raffles/beacon.ts';
import { type DrandChainInfo, readDrandInfo } from '../raffles/drand-info.external.ts';
import { drandChainHash } from './chain-hash.ts';
import type { RelayFailure, RelayProblem } from './relay-failure.ts';
import { getRelayJson, type RelayRequest } from './relay-request.ts';

/** One relay's verdict on the configured chain: its checked chain, or why not. */
export type ChainInfoOutcome =
  | { readonly ok: true; readonly chain: BeaconChain; readonly known: boolean }
  | { readonly ok: false; readonly failure: RelayFailure };

/**
 * Asks `relay` for `GET /{chainHash}/info` and checks the answer with {@link checkChainInfo}: the
 * doctor asks every relay this way, the relay client takes the first that passes.
 */
export async function fetchChainInfo(
  relay: string,
  chainHash: string,
  request: RelayRequest,
): Promise<ChainInfoOutcome> {
  const answer = await getRelayJson(relay, `/${chainHash}/info`, request);
  if (!answer.ok) return answer;
  if (answer.status === 404) return fail(relay, 'unknown_chain', answer.status);
  if (answer.status !== 200) return fail(relay, 'http_error', answer.status);
  const read = readDrandInfo(answer.body);
  if (!read.ok) return fail(relay, 'bad_answer', answer.status);
  const { info } = read;
  const problem = checkChainInfo(info, chainHash);
  if (problem) return fail(relay, problem, answer.status);
  return { ok: true, chain: info.chain, known: KNOWN_CHAINS.has(chainHash) };
}

/**
 * Whether a relay's info is the configured chain. It must name `chainHash`; a chain KinoYu knows by
 * heart (quicknet) must match it exactly (key, period, genesis, scheme); any other chain must hash to
 * `chainHash` by drand's own formula, so a relay cannot slip in another key for it. Returns null when
 * it holds.
 */
export function checkChainInfo(info: DrandChainInfo, chainHash: string): RelayProblem | null {
  if (info.chain.chainHash !== chainHash) return 'hash_mismatch';
  const known = KNOWN_CHAINS.get(chainHash);
  if (known) return sameChain(info.chain, known) ? null : 'not_the_known_chain';
  if (info.groupHash === undefined) return 'hash_mismatch';
  const recomputed = drandChainHash({ ...info.chain, groupHash: info.groupHash, beaconId: info.beaconId });
  if (recomputed !== chainHash) return 'hash_mismatch';
  // checkBeaconRound would refuse every round of another scheme: say it about the chain at once.
  return info.chain.scheme === BEACON_SCHEME ? null : 'unsupported_scheme';
}

function sameChain(a: BeaconChain, b: BeaconChain): boolean {
  return (
    a.publicKey === b.publicKey &&
    a.period === b.period &&
    a.genesisTime === b.genesisTime &&
    a.scheme === b.scheme &&
    a.chainHash === b.chainHash
  );
}

function fail(relay: string, problem: RelayProblem, status: number): ChainInfoOutcome {
  return { ok: false, failure: { relay, problem, status } };
}
