import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.ts';
import { PROOF_ALGORITHM_V1, type Proof } from './proof.ts';

/**
 * Assembles the public proof of SPEC §4 from the recorded raffle. Before the draw the seed is null
 * and the lists are empty: only the commitment is public.
 */
export async function loadProof(db: Kysely<Tables>, raffleId: number): Promise<Proof | undefined> {
  const raffle = await db
    .selectFrom('raffles')
    .innerJoin('channels', 'channels.id', 'raffles.channel_id')
    .select([
      'raffles.id',
      'raffles.status',
      'raffles.void_reason',
      'raffles.seed',
      'raffles.commitment',
      'raffles.entrants_digest',
      'raffles.created_at',
      'raffles.drawn_at',
      'raffles.roster_at',
      'channels.login',
    ])
    .where('raffles.id', '=', raffleId)
    .executeTakeFirst();
  if (!raffle) return undefined;
  // An interrupted raffle was never drawn: like a pending one, it shows its commitment only.
  const revealed = raffle.status !== 'pending' && raffle.void_reason !== 'interrupted';

  const [entrants, items, holders] = revealed
    ? await Promise.all([
        // user_id is COLLATE "C": this order is byte order, as the proof requires.
        db
          .selectFrom('raffle_entrants')
          .select(['user_id', 'login', 'weight', 'excluded_reason'])
          .where('raffle_id', '=', raffleId)
          .orderBy('user_id')
          .execute(),
        db
          .selectFrom('raffle_items')
          .select(['item_id', 'name', 'weight', 'quantity'])
          .where('raffle_id', '=', raffleId)
          .orderBy('item_id')
          .execute(),
        db
          .selectFrom('raffle_winners')
          .select([
            'position',
            'user_id',
            'login',
            'item_id',
            'item_name',
            'replaced_seq',
            'replaced_reason',
            'claim_state',
            'claim_deadline',
            'claimed_at',
          ])
          .where('raffle_id', '=', raffleId)
          .orderBy('position')
          .execute(),
      ])
    : [[], [], []];

  return {
    algorithm: PROOF_ALGORITHM_V1,
    raffleId: raffle.id,
    channel: raffle.login,
    createdAt: raffle.created_at.toISOString(),
    drawnAt: raffle.drawn_at ? raffle.drawn_at.toISOString() : null,
    rosterAt: revealed && raffle.roster_at ? raffle.roster_at.toISOString() : null,
    commitment: raffle.commitment,
    entrantsDigest: raffle.entrants_digest ?? '',
    seed: revealed ? raffle.seed : null,
    entrants: entrants
      .filter((entrant) => entrant.excluded_reason === null)
      .map((entrant) => ({ userId: entrant.user_id, login: entrant.login, weight: Number(entrant.weight) })),
    excluded: entrants
      .filter((entrant) => entrant.excluded_reason !== null)
      .map((entrant) => ({
        userId: entrant.user_id,
        login: entrant.login,
        reason: entrant.excluded_reason ?? '',
      })),
    items: items.map((item) => ({
      id: item.item_id,
      name: item.name,
      weight: item.weight,
      quantity: item.quantity,
    })),
    winners: holders
      .filter((holder) => holder.replaced_seq === null)
      .map((holder) => ({
        position: holder.position,
        userId: holder.user_id,
        login: holder.login,
        itemId: holder.item_id,
        itemName: holder.item_name,
        claim:
          holder.claim_state === null
            ? null
            : {
                state: holder.claim_state,
                deadline: holder.claim_deadline ? holder.claim_deadline.toISOString() : null,
                claimedAt: holder.claimed_at ? holder.claimed_at.toISOString() : null,
              },
      })),
    replaced: holders
      .filter((holder) => holder.replaced_seq !== null)
      .sort((a, b) => (a.replaced_seq ?? 0) - (b.replaced_seq ?? 0))
      .map((holder) => ({
        position: holder.position,
        userId: holder.user_id,
        login: holder.login,
        reason: holder.replaced_reason ?? 'reroll',
      })),
  };
}
