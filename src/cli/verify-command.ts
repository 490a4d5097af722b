import type { BeaconChain } from '../raffles/beacon.ts';
import { ChainInfoError, chainFromDrandInfo } from '../raffles/drand-info.external.ts';
import { PROOF_ALGORITHM_DRAND } from '../raffles/proof.ts';
import { nodeSha256 } from '../raffles/sha256-node.ts';
import { UNVERIFIABLE_CODES, type VerifyResult, verifyProof } from '../raffles/verify.ts';
import { describeBeacon, UNVERIFIABLE_BEACON_CODES } from '../raffles/verify-beacon.ts';

/** What `kinoyu verify` needs from the outside world, injected so tests can use a real server and files. */
export interface VerifyIo {
  readonly fetch: typeof fetch;
  readonly readFile: (path: string) => Promise<string>;
  readonly out: (line: string) => void;
  /** Where a bare raffle id is looked up, without a trailing slash. */
  readonly apiBaseUrl: string;
}

/** Where a proof comes from: a URL to fetch or a file to read. */
export type ProofSource = { readonly url: string } | { readonly path: string };

/** A proof (or the chain info of --trust) that could not be loaded; its message is one line for the user. */
export class ProofLoadError extends Error {
  override name = 'ProofLoadError';
}

const FETCH_TIMEOUT_MS = 30_000;
const USAGE = 'usage: kinoyu verify <raffle-id | proof.json | URL> [--trust <chain info file or URL>]';

/** Turns the argument into a source: a raffle id, a proof page `…/r/{id}`, any other URL, or a file path. */
export function proofSource(arg: string, apiBaseUrl: string): ProofSource {
  const proofUrl = (base: string, id: string) => `${base.replace(/\/+$/, '')}/api/v1/raffles/${id}/proof`;
  if (/^\d+$/.test(arg)) return { url: proofUrl(apiBaseUrl, arg.replace(/^0+(?=\d)/, '')) };
  if (/^https?:\/\//i.test(arg)) {
    let url: URL;
    try {
      url = new URL(arg);
    } catch {
      throw new ProofLoadError(`${arg} is not a valid URL`);
    }
    // The public proof page is /r/{id} (SPEC §5); its JSON sits under the same origin and path prefix.
    const page = /^(.*)\/r\/(\d+)\/?$/.exec(url.pathname);
    if (page) return { url: proofUrl(`${url.origin}${page[1]}`, page[2] ?? '') };
    return { url: url.href };
  }
  return { path: arg };
}

const reason = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  // fetch() says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, a TLS error…).
  return error.cause instanceof Error ? error.cause.message : error.message;
};

// The API answers errors as problem objects (SPEC §7): their message says what went wrong.
const problemMessage = (body: string): string => {
  try {
    const { message } = JSON.parse(body) as { message?: unknown };
    return typeof message === 'string' ? `: ${message}` : '';
  } catch {
    return '';
  }
};

async function fetchText(url: string, io: VerifyIo): Promise<string> {
  try {
    const response = await io.fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new ProofLoadError(
        `${url} answered ${response.status} ${response.statusText}${problemMessage(text)}`,
      );
    }
    return text;
  } catch (error) {
    if (error instanceof ProofLoadError) throw error;
    throw new ProofLoadError(`cannot fetch ${url}: ${reason(error)}`);
  }
}

/** Loads JSON (a proof, or chain info) from its source; every failure is a ProofLoadError with a one-line message. */
export async function loadJson(source: ProofSource, io: VerifyIo): Promise<unknown> {
  const where = 'url' in source ? source.url : source.path;
  let text: string;
  if ('url' in source) {
    text = await fetchText(source.url, io);
  } else {
    try {
      text = await io.readFile(source.path);
    } catch (error) {
      throw new ProofLoadError(`cannot read ${source.path}: ${reason(error)}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProofLoadError(`${where} is not valid JSON: ${reason(error)}`);
  }
}

const plural = (count: number, noun: string) =>
  `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;

/** The arguments of `kinoyu verify`: the proof, and the chain info files or URLs given with --trust. */
export interface VerifyArguments {
  readonly proof: string;
  readonly trust: readonly string[];
}

/** Reads `<proof> [--trust <file or URL>]…` (also `--trust=<…>`); undefined when they do not fit the usage. */
export function parseVerifyArguments(args: readonly string[]): VerifyArguments | undefined {
  const positional: string[] = [];
  const trust: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--trust') {
      const value = args[index + 1];
      if (value === undefined || value.trim() === '') return undefined;
      trust.push(value.trim());
      index += 1;
    } else if (arg.startsWith('--trust=')) {
      const value = arg.slice('--trust='.length).trim();
      if (value === '') return undefined;
      trust.push(value);
    } else if (arg.startsWith('--')) {
      return undefined;
    } else {
      positional.push(arg);
    }
  }
  const [proof] = positional;
  if (positional.length !== 1 || proof === undefined || proof.trim() === '') return undefined;
  return { proof: proof.trim(), trust };
}

/** Reads a chain info file or URL given with --trust (drand's `/info` JSON) into the chain it describes. */
async function loadTrustedChain(arg: string, io: VerifyIo): Promise<BeaconChain> {
  const source: ProofSource = /^https?:\/\//i.test(arg) ? { url: arg } : { path: arg };
  const json = await loadJson(source, io);
  try {
    return chainFromDrandInfo(json);
  } catch (error) {
    if (!(error instanceof ChainInfoError)) throw error;
    throw new ProofLoadError(`--trust ${arg}: ${error.message}`);
  }
}

/** The line saying which round a §4.1 draw used and when it came, for an OK verdict. */
function beaconLine(result: VerifyResult): string | undefined {
  const { proof, beacon } = result;
  if (proof?.algorithm !== PROOF_ALGORITHM_DRAND || !proof.beacon || proof.snapshotAt === null || !beacon) {
    return undefined;
  }
  const facts = describeBeacon(proof.beacon, proof.snapshotAt);
  const chain = facts.chainName
    ? `drand ${facts.chainName}`
    : `chain ${facts.chainHash.slice(0, 16)}… (trusted with --trust: not a public drand chain)`;
  const after =
    facts.secondsAfterSnapshot === null
      ? ''
      : `, ${facts.secondsAfterSnapshot.toLocaleString('en-US')} s after the snapshot`;
  return `  beacon: ${chain} round ${facts.round} at ${facts.roundTime}${after}; its BLS signature verifies`;
}

/** Prints the verdict and returns the exit code: 0 it matches, 1 it differs, 2 it could not be checked. */
function report(result: VerifyResult, where: string, out: (line: string) => void): number {
  const { proof } = result;
  const raffle = proof ? `raffle ${proof.raffleId} on channel ${proof.channel}` : where;
  const commitment = proof ? `commitment ${proof.commitment.slice(0, 8)}…` : '';
  const codes = result.problems.map((problem) => problem.code);
  const list = () => {
    for (const problem of result.problems) out(`  ${problem.code}: ${problem.message}`);
  };
  if (result.ok && proof) {
    const counts = `${plural(proof.winners.length, 'winner')}, ${plural(proof.entrants.length, 'entrant')}`;
    out(`OK — ${raffle}: ${counts}, ${commitment} matches`);
    const beacon = beaconLine(result);
    if (beacon) out(beacon);
    return 0;
  }
  if (codes.includes('seed_not_revealed')) {
    out(
      `PENDING — ${raffle} is not drawn yet: ${commitment} is published, the seed is revealed after the draw`,
    );
    return 2;
  }
  // Cannot check only when nothing was found to differ: a draw that does not add up is wrong whatever
  // the chain of its round.
  if (codes.every((code) => UNVERIFIABLE_CODES.has(code))) {
    const beaconOnly = codes.some((code) => (UNVERIFIABLE_BEACON_CODES as readonly string[]).includes(code));
    out(
      beaconOnly
        ? `CANNOT VERIFY — ${raffle}: the draw adds up, but its beacon round cannot be checked here:`
        : `CANNOT VERIFY — ${where} is not a proof this verifier can check:`,
    );
    list();
    return 2;
  }
  out(`MISMATCH — ${raffle}: ${plural(result.problems.length, 'problem')}`);
  list();
  return 1;
}

/**
 * `kinoyu verify <raffle-id | proof.json | URL> [--trust <chain info file or URL>]`: recomputes a draw
 * from its public proof (SPEC §4, §4.1); `--trust` adds a beacon chain besides quicknet.
 */
export async function runVerify(args: readonly string[], io: VerifyIo): Promise<number> {
  const parsed = parseVerifyArguments(args);
  if (!parsed) {
    io.out(USAGE);
    return 2;
  }
  try {
    const trustedChains = await Promise.all(parsed.trust.map((arg) => loadTrustedChain(arg, io)));
    const source = proofSource(parsed.proof, io.apiBaseUrl);
    const json = await loadJson(source, io);
    const result = await verifyProof(json, nodeSha256, { trustedChains });
    return report(result, 'url' in source ? source.url : source.path, io.out);
  } catch (error) {
    if (!(error instanceof ProofLoadError)) throw error;
    io.out(`kinoyu verify: ${error.message}`);
    return 2;
  }
}
