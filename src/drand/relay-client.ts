// The server's way to drand (SPEC §4.1): reads the chain and its rounds from several HTTP relays and
// never hands out a round it has not verified itself. A relay is only a messenger: the chain's key
// (known by heart for quicknet, bound to the chain hash otherwise) decides what is true.
import type { Logger } from 'pino';
import { recordBeaconFailure, recordBeaconFetch } from '../metrics/metrics.ts';
import { type BeaconChain, type BeaconRound, checkBeaconRound, roundTimeMs } from '../raffles/beacon.ts';
import type { Sha256 } from '../raffles/draw-algorithm.ts';
import { nodeSha256 } from '../raffles/sha256-node.ts';
import { fetchChainInfo } from './chain-info.ts';
import { parseRound } from './drand-api.external.ts';
import { type FirstGood, firstGood, type RelayOutcome } from './first-good.ts';
import { BeaconUnavailableError, type RelayFailure } from './relay-failure.ts';
import { type Fetch, getRelayJson } from './relay-request.ts';
import { abortable, retryDelay, sleepFor } from './waiting.ts';

export interface DrandRelaysOptions {
  /** Base URLs of drand HTTP relays, tried in this order (DRAND_URLS). */
  readonly urls: readonly string[];
  /** The chain, lowercase hex (DRAND_CHAIN_HASH). */
  readonly chainHash: string;
  readonly fetch?: Fetch;
  readonly logger?: Logger;
  /** One request's budget; a relay slower than this counts as a timeout. Default 2 s. */
  readonly requestTimeoutMs?: number;
  /** How long one relay may take before the next is asked too. Default 300 ms. */
  readonly staggerMs?: number;
  readonly sha256?: Sha256;
}

/** A round fetched and verified under its chain, and the relay that served it. */
export interface VerifiedRound {
  readonly chain: BeaconChain;
  readonly beacon: BeaconRound;
  readonly relay: string;
}

/**
 * What one pass over the relays gave: a verified round; `not_yet` when a relay says the round is not
 * published yet (wait and ask again); `unavailable` when no relay gave anything usable.
 */
export type RoundFetch =
  | ({ readonly status: 'ok' } & VerifiedRound)
  | { readonly status: 'not_yet' | 'unavailable'; readonly failures: readonly RelayFailure[] };

export interface WaitOptions {
  /** Unix time in ms after which it gives up (SPEC §4.1: 2 minutes after the round's time). */
  readonly deadline: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 2000;
const DEFAULT_STAGGER_MS = 300;

/** drand relays of one chain, each answer verified before use. */
export class DrandRelays {
  readonly urls: readonly string[];
  readonly chainHash: string;
  readonly #fetch: Fetch;
  readonly #logger: Logger | undefined;
  readonly #timeoutMs: number;
  readonly #staggerMs: number;
  readonly #sha256: Sha256;
  #chain: Promise<FirstGood<BeaconChain>> | undefined;
  /** The chain once a relay gave it (it never changes): read without waiting by {@link knownChain}. */
  #known: BeaconChain | undefined;
  /**
   * Rounds verified already (a round never changes): many raffles wait for the same round — every
   * session tick due in one period — and each would otherwise fetch it and check its BLS signature.
   */
  readonly #verified = new Map<number, VerifiedRound>();
  /** One pass over the relays per round at a time, whoever asks. */
  readonly #asking = new Map<number, Promise<RoundFetch>>();
  /** Relay, problem and round already logged, so a relay serving the same bad round is said once. */
  readonly #warned = new Set<string>();

  constructor(options: DrandRelaysOptions) {
    if (options.urls.length === 0) throw new Error('DrandRelays needs at least one relay URL');
    this.urls = options.urls.map((url) => url.replace(/\/+$/, ''));
    this.chainHash = options.chainHash;
    this.#fetch = options.fetch ?? fetch;
    this.#logger = options.logger;
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#staggerMs = options.staggerMs ?? DEFAULT_STAGGER_MS;
    this.#sha256 = options.sha256 ?? nodeSha256;
  }

  /**
   * The chain, from the first relay whose `/{chainHash}/info` is the configured chain (checkChainInfo);
   * kept after the first success. Throws {@link BeaconUnavailableError} when no relay gives it.
   */
  async chain(signal?: AbortSignal): Promise<BeaconChain> {
    const outcome = await this.#chainOutcome(signal);
    if (!outcome.ok) throw new BeaconUnavailableError(undefined, outcome.failures);
    return outcome.value;
  }

  /**
   * The chain when a relay gave it already; else undefined, and it is asked for in the background (a
   * scheduler pass must not wait on the relays).
   */
  knownChain(): BeaconChain | undefined {
    if (!this.#known) this.#chainOutcome(undefined).catch(() => undefined);
    return this.#known;
  }

  /**
   * One pass over the relays for `round`: the first answer that is that round and verifies under the
   * chain wins. A relay serving a round that does not verify is skipped and logged (warn).
   */
  async fetchRound(round: number, signal?: AbortSignal): Promise<RoundFetch> {
    const chain = await this.#chainOutcome(signal);
    if (!chain.ok) return { status: 'unavailable', failures: chain.failures };
    return this.#roundFrom(chain.value, round, signal);
  }

  /**
   * Waits for `round`'s time, then asks until a relay serves it verified (first at its time, then every
   * 200–500 ms, every 2 s once it is 10 s late). Throws {@link BeaconUnavailableError} with each relay's
   * last answer when `deadline` passes first; never resolves with an unverified round.
   */
  async waitForRound(round: number, options: WaitOptions): Promise<VerifiedRound> {
    const { deadline, signal } = options;
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt += 1) {
      const chain = await this.#chainOutcome(signal);
      const dueAt = chain.ok ? roundTimeMs(chain.value, round) : undefined;
      if (dueAt !== undefined && Date.now() < dueAt)
        await sleepFor(Math.min(dueAt, deadline) - Date.now(), signal);
      const result: RoundFetch = chain.ok
        ? await this.#roundFrom(chain.value, round, signal)
        : { status: 'unavailable', failures: chain.failures };
      if (result.status === 'ok') {
        recordBeaconFetch((Date.now() - Math.max(startedAt, dueAt ?? startedAt)) / 1000);
        return result;
      }
      const now = Date.now();
      if (now >= deadline) throw new BeaconUnavailableError(round, result.failures);
      const late = dueAt === undefined ? 0 : now - dueAt;
      await sleepFor(Math.min(retryDelay(attempt, late), deadline - now), signal);
    }
  }

  /** One pass over the relays for `round` of a known chain (or the round as verified before). */
  #roundFrom(chain: BeaconChain, round: number, signal: AbortSignal | undefined): Promise<RoundFetch> {
    const known = this.#verified.get(round);
    if (known) return Promise.resolve({ status: 'ok', ...known });
    let asking = this.#asking.get(round);
    if (!asking) {
      asking = this.#askRelays(chain, round).finally(() => this.#asking.delete(round));
      this.#asking.set(round, asking);
    }
    return signal ? abortable(asking, signal) : asking;
  }

  async #askRelays(chain: BeaconChain, round: number): Promise<RoundFetch> {
    // Not tied to one caller's signal: other callers may be waiting for the same pass.
    const result = await firstGood(this.urls, (relay, s) => counted(this.#askRound(relay, chain, round, s)), {
      staggerMs: this.#staggerMs,
    });
    if (result.ok) {
      const verified = { chain, beacon: result.value, relay: result.relay };
      if (this.#verified.size >= 256) {
        const oldest = this.#verified.keys().next();
        if (!oldest.done) this.#verified.delete(oldest.value);
      }
      this.#verified.set(round, verified);
      return { status: 'ok', ...verified };
    }
    const notYet = result.failures.some((failure) => failure.problem === 'not_yet');
    return { status: notYet ? 'not_yet' : 'unavailable', failures: result.failures };
  }

  #chainOutcome(signal: AbortSignal | undefined): Promise<FirstGood<BeaconChain>> {
    // One request in flight for every caller; a failure is forgotten, so the next call asks again.
    let pending = this.#chain;
    if (!pending) {
      pending = firstGood(this.urls, (relay, s) => counted(this.#askChain(relay, s)), {
        staggerMs: this.#staggerMs,
      }).then((outcome) => {
        if (outcome.ok) this.#known = outcome.value;
        else this.#chain = undefined;
        return outcome;
      });
      this.#chain = pending;
    }
    return signal ? abortable(pending, signal) : pending;
  }

  async #askChain(relay: string, signal: AbortSignal): Promise<RelayOutcome<BeaconChain>> {
    const outcome = await fetchChainInfo(relay, this.chainHash, this.#request(signal));
    if (!outcome.ok) return outcome;
    if (!outcome.known && !this.#warned.has(this.chainHash)) {
      this.#warned.add(this.chainHash);
      this.#logger?.info(
        { chainHash: this.chainHash, relay },
        'drand chain is not one KinoYu knows by heart: its key is trusted as configured (DRAND_CHAIN_HASH)',
      );
    }
    return { ok: true, value: outcome.chain };
  }

  async #askRound(
    relay: string,
    chain: BeaconChain,
    round: number,
    signal: AbortSignal,
  ): Promise<RelayOutcome<BeaconRound>> {
    const answer = await getRelayJson(relay, `/${this.chainHash}/public/${round}`, this.#request(signal));
    if (!answer.ok) return answer;
    const { status } = answer;
    // drand's relays answer 425 Too Early for a round still to come; older ones (and a relay that has not
    // caught up) answer 404.
    if (status === 425 || status === 404)
      return { ok: false, failure: { relay, problem: 'not_yet', status } };
    if (status !== 200) return { ok: false, failure: { relay, problem: 'http_error', status } };
    const beacon = parseRound(answer.body);
    if (!beacon) return { ok: false, failure: { relay, problem: 'bad_answer', status } };
    if (beacon.round !== round) return { ok: false, failure: { relay, problem: 'wrong_round', status } };
    const problem = await checkBeaconRound(chain, beacon, this.#sha256);
    if (problem) {
      this.#warnOnce(relay, problem, round);
      return { ok: false, failure: { relay, problem, status } };
    }
    return { ok: true, value: beacon };
  }

  #warnOnce(relay: string, problem: string, round: number): void {
    const key = `${relay} ${problem} ${round}`;
    if (this.#warned.has(key)) return;
    if (this.#warned.size > 1000) this.#warned.clear();
    this.#warned.add(key);
    this.#logger?.warn({ relay, problem, round }, 'drand relay served a round that does not verify: skipped');
  }

  #request(signal: AbortSignal) {
    return { fetch: this.#fetch, timeoutMs: this.#timeoutMs, signal };
  }
}

/** Counts a relay answer that could not be used in the metrics; a round not published yet is no fault. */
async function counted<T>(asking: Promise<RelayOutcome<T>>): Promise<RelayOutcome<T>> {
  const outcome = await asking;
  if (!outcome.ok && outcome.failure.problem !== 'not_yet') recordBeaconFailure(outcome.failure.problem);
  return outcome;
}
