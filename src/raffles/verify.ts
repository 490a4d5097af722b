import { type BeaconChain, drawSeedOf } from './beacon.ts';
import { commitmentOf, compareByteOrder, entrantsDigest, replayDraw, type Sha256 } from './draw-algorithm.ts';
import {
  type DrandProof,
  drandProofSchema,
  PROOF_ALGORITHM_DRAND,
  PROOF_ALGORITHMS,
  type Proof,
  type ProofEntrant,
  type ProofItem,
  proofV1Schema,
} from './proof.ts';
import {
  type BeaconProblemCode,
  type BeaconVerification,
  checkProofBeacon,
  UNVERIFIABLE_BEACON_CODES,
} from './verify-beacon.ts';

/** What can be wrong with a proof; stable, so callers can branch on it. */
export type VerifyProblemCode =
  | 'malformed'
  | 'unknown_algorithm'
  | 'seed_not_revealed'
  | 'bad_seed'
  | 'commitment_mismatch'
  | 'entrants_not_sorted'
  | 'duplicate_entrant'
  | 'bad_weight'
  | 'excluded_is_entrant'
  | 'entrants_digest_mismatch'
  | 'bad_item'
  | 'bad_position'
  | 'duplicate_winner'
  | 'winner_mismatch'
  | 'prize_mismatch'
  | 'replaced_mismatch'
  | BeaconProblemCode;

/** One thing that does not add up, in English, naming what differs. */
export interface VerifyProblem {
  readonly code: VerifyProblemCode;
  readonly message: string;
}

/**
 * The verdict: ok when the proof recomputes exactly; `proof` is the parsed proof when it parsed, and
 * `beacon` how the round of a drawn §4.1 proof was checked.
 */
export interface VerifyResult {
  readonly ok: boolean;
  readonly problems: VerifyProblem[];
  readonly proof?: Proof;
  readonly beacon?: BeaconVerification;
}

/** What the caller adds to the verifier's knowledge. */
export interface VerifyOptions {
  /**
   * Beacon chains to trust besides the ones known by heart (quicknet), matched by chain hash: the chain
   * info given to `kinoyu verify --trust`, or the sandbox's local beacon on its own proof page.
   */
  readonly trustedChains?: readonly BeaconChain[];
}

/** Codes meaning the draw could not be checked at all, as opposed to checked and found different. */
export const UNVERIFIABLE_CODES: ReadonlySet<VerifyProblemCode> = new Set([
  'malformed',
  'unknown_algorithm',
  'seed_not_revealed',
  'bad_seed',
  ...UNVERIFIABLE_BEACON_CODES,
]);

const HEX_64 = /^[0-9a-f]{64}$/;
// Per-entry checks over 100,000 entrants could report 100,000 lines: the first few say enough.
const MAX_PER_CODE = 10;

const who = (person: { userId: string; login: string } | null) =>
  person ? `user ${person.userId} (${person.login})` : 'nobody';
const prize = (item: { id: number; name: string } | null) =>
  item ? `prize ${item.id} (${item.name})` : 'no prize';

class ProblemList {
  readonly problems: VerifyProblem[] = [];
  private readonly counts = new Map<VerifyProblemCode, number>();

  add(code: VerifyProblemCode, message: string): void {
    const count = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, count);
    if (count <= MAX_PER_CODE) this.problems.push({ code, message });
  }

  has(...codes: VerifyProblemCode[]): boolean {
    return codes.some((code) => this.counts.has(code));
  }

  /** The problems, with one closing line per code whose list was cut short. */
  finish(): VerifyProblem[] {
    for (const [code, count] of this.counts) {
      if (count > MAX_PER_CODE)
        this.problems.push({ code, message: `…and ${count - MAX_PER_CODE} more like these` });
    }
    return this.problems;
  }
}

const hasAtMostTwoDecimals = (weight: number) =>
  Number.isSafeInteger(Math.round(weight * 100)) && Math.round(weight * 100) / 100 === weight;

function checkEntrants(proof: Proof, problems: ProblemList): void {
  const seen = new Set<string>();
  proof.entrants.forEach((entrant, index) => {
    if (seen.has(entrant.userId))
      problems.add('duplicate_entrant', `${who(entrant)} is listed twice among the entrants`);
    seen.add(entrant.userId);
    const previous = proof.entrants[index - 1];
    if (
      previous &&
      compareByteOrder(previous.userId, entrant.userId) > 0 &&
      !problems.has('entrants_not_sorted')
    ) {
      problems.add(
        'entrants_not_sorted',
        `entrants are not in byte order of user id: "${previous.userId}" (entry ${index}) comes before "${entrant.userId}" (entry ${index + 1})`,
      );
    }
    if (!(entrant.weight > 0) || !hasAtMostTwoDecimals(entrant.weight)) {
      problems.add(
        'bad_weight',
        `${who(entrant)} has weight ${entrant.weight}: a weight is > 0 with at most two decimals`,
      );
    }
  });
  for (const viewer of proof.excluded) {
    if (seen.has(viewer.userId)) {
      problems.add(
        'excluded_is_entrant',
        `${who(viewer)} is listed as excluded (${viewer.reason}) and as an entrant`,
      );
    }
  }
}

function checkItems(items: readonly ProofItem[], problems: ProblemList): void {
  const ids = new Set<number>();
  for (const item of items) {
    if (ids.has(item.id)) problems.add('bad_item', `${prize(item)} is listed twice among the items`);
    ids.add(item.id);
    if (!(item.weight > 0) || !Number.isSafeInteger(item.weight)) {
      problems.add(
        'bad_item',
        `${prize(item)} has weight ${item.weight}: a prize weight is a positive integer`,
      );
    }
    if (item.quantity !== null && item.quantity < 0) {
      problems.add(
        'bad_item',
        `${prize(item)} has quantity ${item.quantity}: a quantity is never below zero`,
      );
    }
  }
}

function checkSlots(proof: Proof, problems: ProblemList): void {
  proof.winners.forEach((winner, index) => {
    if (winner.position !== index + 1) {
      problems.add(
        'bad_position',
        `winner ${index + 1} of the list has position ${winner.position}, expected ${index + 1}`,
      );
    }
  });
  const holders = new Map<string, string>();
  for (const [list, person] of [
    ...proof.winners.map((winner) => ['winners', winner] as const),
    ...proof.replaced.map((replaced) => ['replaced', replaced] as const),
  ]) {
    const earlier = holders.get(person.userId);
    if (earlier) {
      problems.add('duplicate_winner', `${who(person)} holds more than one slot (in ${earlier} and ${list})`);
    }
    holders.set(person.userId, list);
  }
}

/**
 * Replays the draw with `drawSeed` (the seed itself in §4, the seed mixed with the round in §4.1) and
 * names each slot, prize and redraw that differs; `source` says in the messages what drew them.
 */
async function checkDraw(
  proof: Proof,
  drawSeed: string,
  source: string,
  sha256: Sha256,
  problems: ProblemList,
): Promise<void> {
  const replay = await replayDraw<ProofEntrant, ProofItem>({ ...proof, seed: drawSeed }, sha256);
  replay.redraws.forEach((redraw, index) => {
    const claimed = proof.replaced[index];
    const label = `redraw ${index + 1} (position ${redraw.position})`;
    if (!claimed) return;
    if (!redraw.previousHolder) {
      problems.add('replaced_mismatch', `${label}: the raffle has no position ${redraw.position} to redraw`);
    } else if (
      redraw.previousHolder.userId !== claimed.userId ||
      redraw.previousHolder.login !== claimed.login
    ) {
      problems.add(
        'replaced_mismatch',
        `${label}: proof says ${who(claimed)} was replaced, ${source} gives ${who(redraw.previousHolder)} as the holder then`,
      );
    } else if (!redraw.newHolder) {
      problems.add('replaced_mismatch', `${label}: no entrant who never held a slot was left to take it`);
    }
  });
  replay.winners.forEach((slot, index) => {
    const winner = proof.winners[index];
    if (!winner) return;
    const position = `position ${slot.position}`;
    if (!slot.holder) {
      problems.add(
        'winner_mismatch',
        `${position}: proof says ${who(winner)}, but there are only ${proof.entrants.length} entrants`,
      );
    } else if (slot.holder.userId !== winner.userId || slot.holder.login !== winner.login) {
      problems.add(
        'winner_mismatch',
        `${position}: proof says ${who(winner)}, ${source} gives ${who(slot.holder)}`,
      );
    }
    const claimedPrize =
      winner.itemId === null ? null : { id: winner.itemId, name: winner.itemName ?? 'null' };
    if ((slot.item?.id ?? null) !== winner.itemId) {
      problems.add(
        'prize_mismatch',
        `${position}: proof says ${prize(claimedPrize)}, ${source} gives ${prize(slot.item)}`,
      );
    } else if (winner.itemName !== (slot.item?.name ?? null)) {
      problems.add(
        'prize_mismatch',
        `${position}: proof names the prize "${winner.itemName}", the items list says ${prize(slot.item)}`,
      );
    }
  });
}

/** Parses the proof with the schema of its algorithm; problems for anything else. */
function parseProof(input: unknown, problems: ProblemList): Proof | undefined {
  const algorithm = (input as { algorithm?: unknown } | null)?.algorithm;
  if (typeof algorithm === 'string' && !(PROOF_ALGORITHMS as readonly string[]).includes(algorithm)) {
    problems.add(
      'unknown_algorithm',
      `the proof uses algorithm "${algorithm}"; this verifier knows ${PROOF_ALGORITHMS.map((known) => `"${known}"`).join(' and ')}`,
    );
    return undefined;
  }
  const schema = algorithm === PROOF_ALGORITHM_DRAND ? drandProofSchema : proofV1Schema;
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    problems.add(
      'malformed',
      `${issue.path.length > 0 ? issue.path.join('.') : 'the proof'}: ${issue.message}`,
    );
  }
  return undefined;
}

/** The seed revealed, or problems saying why there is none to check. */
function revealedSeed(proof: Proof, problems: ProblemList): string | undefined {
  const { seed } = proof;
  if (seed === null) {
    problems.add(
      'seed_not_revealed',
      `raffle ${proof.raffleId} is not drawn yet: its seed is revealed after the draw`,
    );
    return undefined;
  }
  if (!HEX_64.test(seed)) {
    problems.add('bad_seed', `the seed "${seed}" is not 64 lowercase hexadecimal characters`);
    return undefined;
  }
  if (proof.algorithm === PROOF_ALGORITHM_DRAND && (proof.beacon === null || proof.snapshotAt === null)) {
    // A pending §4.1 raffle may not have its round yet; a drawn one was drawn with it.
    problems.add(
      'malformed',
      `${proof.beacon === null ? 'beacon' : 'snapshotAt'}: a drawn proof of ${PROOF_ALGORITHM_DRAND} carries the snapshot time and the round it was drawn with`,
    );
    return undefined;
  }
  return seed;
}

/** The seed the draw used (§4.1 step 3 for a beacon proof), and the words naming it in messages. */
async function drawSeedFor(
  proof: Proof,
  seed: string,
  sha256: Sha256,
): Promise<{ drawSeed: string; source: string }> {
  if (proof.algorithm !== PROOF_ALGORITHM_DRAND || !proof.beacon)
    return { drawSeed: seed, source: 'the seed' };
  return {
    drawSeed: await drawSeedOf(seed, proof.beacon.randomness, sha256),
    source: `the seed with round ${proof.beacon.round}`,
  };
}

/**
 * Checks the beacon step of a drawn §4.1 proof and adds its problems. The draw is checked whatever they
 * are: a draw that does not add up is wrong whichever chain signed the round.
 */
async function checkBeacon(
  proof: DrandProof,
  sha256: Sha256,
  options: VerifyOptions,
  problems: ProblemList,
): Promise<BeaconVerification | undefined> {
  if (!proof.beacon || proof.snapshotAt === null) return undefined;
  const verification = await checkProofBeacon(
    proof.beacon,
    proof.snapshotAt,
    sha256,
    options.trustedChains ?? [],
  );
  for (const problem of verification.problems) problems.add(problem.code, problem.message);
  return verification;
}

/**
 * Checks a proof of SPEC §4 or §4.1 end to end: its shape, the commitment, the entrant list, the beacon
 * round of a §4.1 proof (its chain, signature and time) and the whole draw.
 */
export async function verifyProof(
  input: unknown,
  sha256: Sha256,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const problems = new ProblemList();
  const proof = parseProof(input, problems);
  if (!proof) return { ok: false, problems: problems.finish() };
  const seed = revealedSeed(proof, problems);
  if (seed === undefined) return { ok: false, problems: problems.finish(), proof };

  const commitment = await commitmentOf(seed, sha256);
  if (commitment !== proof.commitment) {
    problems.add(
      'commitment_mismatch',
      `the published commitment is ${proof.commitment}, SHA-256 of the seed is ${commitment}`,
    );
  }
  checkEntrants(proof, problems);
  if (!problems.has('bad_weight')) {
    const digest = await entrantsDigest(proof.entrants, sha256);
    if (digest !== proof.entrantsDigest) {
      problems.add(
        'entrants_digest_mismatch',
        `the published entrants digest is ${proof.entrantsDigest}, the ${proof.entrants.length} entrants listed give ${digest}`,
      );
    }
  }
  const beacon =
    proof.algorithm === PROOF_ALGORITHM_DRAND
      ? await checkBeacon(proof, sha256, options, problems)
      : undefined;
  checkItems(proof.items, problems);
  checkSlots(proof, problems);
  if (!problems.has('bad_weight', 'bad_item')) {
    const { drawSeed, source } = await drawSeedFor(proof, seed, sha256);
    await checkDraw(proof, drawSeed, source, sha256, problems);
  }
  const list = problems.finish();
  return { ok: list.length === 0, problems: list, proof, ...(beacon ? { beacon } : {}) };
}
