import type { Config } from '../../config/config.ts';
import { beaconSourceOf } from '../../drand/beacon-setup.ts';
import { type ChainInfoOutcome, fetchChainInfo } from '../../drand/chain-info.ts';
import { describeFailures } from '../../drand/relay-failure.ts';
import { QUICKNET } from '../../raffles/beacon.ts';
import { type CheckResult, type Fix, passed } from './check.ts';

const TITLE = 'drand beacon';
const TIMEOUT_MS = 5000;

/**
 * The relays of SPEC §4.1 serve the configured chain: each one's `/{chainHash}/info` is fetched and
 * checked as the relay client checks it (quicknet against its key known by heart; another chain against
 * its hash). Every relay must pass: one that is unreachable or serves another chain needs fixing. In
 * the sandbox without DRAND_URLS, KinoYu runs its own beacon: nothing to reach.
 */
export async function checkDrand(config: Config): Promise<CheckResult> {
  const source = beaconSourceOf(config);
  if (source.kind === 'local') {
    return passed(
      TITLE,
      'sandbox: KinoYu runs a local beacon (its own key, one round a second); set DRAND_URLS for public relays',
    );
  }
  const { urls, chainHash } = source;
  const outcomes = await Promise.all(
    urls.map((url) => fetchChainInfo(url, chainHash, { fetch, timeoutMs: TIMEOUT_MS })),
  );
  const good = outcomes.filter((outcome) => outcome.ok).length;
  const chainName =
    chainHash === QUICKNET.chainHash ? `quicknet (${short(chainHash)})` : `chain ${short(chainHash)}`;
  const notes = urls.map((url, index) => relayLine(url, outcomes[index]));
  if (good > 0 && outcomes.some((outcome) => outcome.ok && !outcome.known)) {
    notes.push(
      `${chainName} is not a chain KinoYu knows by heart: its key is trusted as DRAND_CHAIN_HASH names it, and \`kinoyu verify\` needs --trust for its proofs`,
    );
  }
  const detail = `${chainName} from ${good} of ${urls.length} relay${urls.length === 1 ? '' : 's'}`;
  if (good === urls.length) return passed(TITLE, detail, notes);
  return { title: TITLE, ok: false, detail, notes, fixes: fixesFor(source.publicRelays, outcomes) };
}

function relayLine(url: string, outcome: ChainInfoOutcome | undefined): string {
  if (!outcome) return `✗ ${url}: not asked`;
  if (outcome.ok) {
    const key = outcome.known ? ', the key KinoYu knows by heart' : '';
    return `✓ ${url}: period ${outcome.chain.period} s, genesis ${isoTime(outcome.chain.genesisTime)}${key}`;
  }
  return `✗ ${describeFailures([outcome.failure])}`;
}

function fixesFor(publicRelays: boolean, outcomes: readonly ChainInfoOutcome[]): Fix[] {
  const failures = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.failure]));
  const network = failures.some(
    (failure) => failure.problem === 'unreachable' || failure.problem === 'timeout',
  );
  const wrongChain = failures.some((failure) => !['unreachable', 'timeout'].includes(failure.problem));
  const fixes: Fix[] = [];
  if (network && publicRelays) {
    fixes.push({
      variable: 'network',
      advice:
        'this host must reach the drand relays over https (egress to api.drand.sh, api2.drand.sh, api3.drand.sh, drand.cloudflare.com), or set DRAND_URLS to relays it can reach',
    });
  } else if (network) {
    fixes.push({
      variable: 'DRAND_URLS',
      advice: 'remove or correct the relays marked ✗ that do not answer',
    });
  }
  if (wrongChain) {
    fixes.push({
      variable: publicRelays ? 'DRAND_CHAIN_HASH' : 'DRAND_URLS, DRAND_CHAIN_HASH',
      advice:
        'the relays marked ✗ do not serve this chain as it is: check the chain hash, and use only relays of the drand network that runs it',
    });
  }
  return fixes;
}

/** Unix seconds as an ISO time (as they are when no date can hold them). */
function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? `${seconds} (Unix time)` : date.toISOString();
}

/** `52db9ba7…e971`: enough of a hash to recognise it. */
function short(hash: string): string {
  return `${hash.slice(0, 8)}…${hash.slice(-4)}`;
}
