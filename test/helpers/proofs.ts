import { randomBytes, randomInt } from 'node:crypto';
import {
  commitmentOf,
  compareByteOrder,
  entrantsDigest,
  replayDraw,
} from '../../src/raffles/draw-algorithm.ts';
import type { Proof, ProofEntrant, ProofItem, ProofV1 } from '../../src/raffles/proof.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';

export const WEIGHTS = [1, 1, 1, 1.5, 2, 2.25, 0.5, 10];

/** Random entrants with unique ids (mostly Twitch-like digits, a few non-ASCII), in byte order. */
export function randomEntrants(count: number): ProofEntrant[] {
  const ids = new Set<string>();
  while (ids.size < count) {
    ids.add(randomInt(10) === 0 ? `ü${randomInt(1000)}\u{1F600}` : String(randomInt(1, 999_999_999)));
  }
  return [...ids].sort(compareByteOrder).map((userId, index) => ({
    userId,
    login: `viewer_${index}`,
    weight: WEIGHTS[randomInt(WEIGHTS.length)] ?? 1,
  }));
}

/** What a test proof is made of; random entrants and seed, no prizes, three winners unless said. */
export interface ProofOptions {
  entrants?: ProofEntrant[];
  items?: ProofItem[];
  winners?: number;
  redraws?: number[];
  seed?: string;
  /** The seed the draw reads in x52 (§4.1's drawSeed); the seed itself unless given. */
  drawSeed?: string;
  channel?: string;
  excluded?: Proof['excluded'];
}

/**
 * A proof as the server would publish it, built with the module's own functions: the winners of
 * the seed, then `redraws` (positions, oldest first) applied one by one while anyone is left.
 */
export async function buildProof(options: ProofOptions): Promise<ProofV1> {
  const seed = options.seed ?? randomBytes(32).toString('hex');
  const drawSeed = options.drawSeed ?? seed;
  const entrants = options.entrants ?? randomEntrants(30);
  const items = options.items ?? [];
  const slots = Array.from({ length: options.winners ?? 3 }, (_, index) => ({ position: index + 1 }));
  const replaced: Proof['replaced'] = [];
  let replay = await replayDraw({ seed: drawSeed, entrants, items, winners: slots, replaced }, nodeSha256);
  for (const position of options.redraws ?? []) {
    const holder = replay.winners[position - 1]?.holder;
    if (!holder) throw new Error(`no holder at position ${position}`);
    replaced.push({ position, userId: holder.userId, login: holder.login });
    const next = await replayDraw({ seed: drawSeed, entrants, items, winners: slots, replaced }, nodeSha256);
    // Like reroll_raffle: with nobody left who never held a slot, the redraw records nothing.
    if (next.redraws.at(-1)?.newHolder) replay = next;
    else replaced.pop();
  }
  return {
    algorithm: 'kinoyu-es-sha256-v1',
    raffleId: 42,
    channel: options.channel ?? 'kinoyu_test',
    createdAt: '2026-01-01T12:00:00.000Z',
    drawnAt: '2026-01-01T12:00:05.000Z',
    commitment: await commitmentOf(seed, nodeSha256),
    entrantsDigest: await entrantsDigest(entrants, nodeSha256),
    seed,
    entrants,
    excluded: options.excluded ?? [{ userId: '1', login: 'nightbot', reason: 'bot' }],
    items,
    winners: replay.winners.map((slot) => ({
      position: slot.position,
      userId: slot.holder?.userId ?? '',
      login: slot.holder?.login ?? '',
      itemId: slot.item?.id ?? null,
      itemName: slot.item?.name ?? null,
    })),
    replaced,
  };
}
