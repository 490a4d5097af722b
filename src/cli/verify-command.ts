import { nodeSha256 } from '../raffles/sha256-node.ts';
import { UNVERIFIABLE_CODES, type VerifyResult, verifyProof } from '../raffles/verify.ts';

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

/** A proof that could not be loaded; its message is one line for the user. */
export class ProofLoadError extends Error {
  override name = 'ProofLoadError';
}

const FETCH_TIMEOUT_MS = 30_000;
const USAGE = 'usage: kinoyu verify <raffle-id | proof.json | URL>';

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

/** Loads the proof JSON from its source; every failure is a ProofLoadError with a one-line message. */
export async function loadProofJson(source: ProofSource, io: VerifyIo): Promise<unknown> {
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

/** Prints the verdict and returns the exit code: 0 it matches, 1 it differs, 2 it could not be checked. */
function report(result: VerifyResult, where: string, out: (line: string) => void): number {
  const { proof } = result;
  const raffle = proof ? `raffle ${proof.raffleId} on channel ${proof.channel}` : where;
  const commitment = proof ? `commitment ${proof.commitment.slice(0, 8)}…` : '';
  const list = () => {
    for (const problem of result.problems) out(`  ${problem.code}: ${problem.message}`);
  };
  if (result.ok && proof) {
    const counts = `${plural(proof.winners.length, 'winner')}, ${plural(proof.entrants.length, 'entrant')}`;
    out(`OK — ${raffle}: ${counts}, ${commitment} matches`);
    return 0;
  }
  if (result.problems.some((problem) => problem.code === 'seed_not_revealed')) {
    out(
      `PENDING — ${raffle} is not drawn yet: ${commitment} is published, the seed is revealed after the draw`,
    );
    return 2;
  }
  if (result.problems.some((problem) => UNVERIFIABLE_CODES.has(problem.code))) {
    out(`CANNOT VERIFY — ${where} is not a proof this verifier can check:`);
    list();
    return 2;
  }
  out(`MISMATCH — ${raffle}: ${plural(result.problems.length, 'problem')}`);
  list();
  return 1;
}

/** `kinoyu verify <raffle-id | proof.json | URL>`: recomputes a draw from its public proof (SPEC §4). */
export async function runVerify(arg: string, io: VerifyIo): Promise<number> {
  if (arg.trim() === '') {
    io.out(USAGE);
    return 2;
  }
  try {
    const source = proofSource(arg.trim(), io.apiBaseUrl);
    const json = await loadProofJson(source, io);
    const result = await verifyProof(json, nodeSha256);
    return report(result, 'url' in source ? source.url : source.path, io.out);
  } catch (error) {
    if (!(error instanceof ProofLoadError)) throw error;
    io.out(`kinoyu verify: ${error.message}`);
    return 2;
  }
}
