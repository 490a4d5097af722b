import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.ts';
import { PROOF_ALGORITHM_DRAND, PROOF_ALGORITHM_V1, type Proof } from './proof.ts';

/**
 * Assembles the public proof of SPEC §4 (or §4.1, for a raffle anchored to a beacon round) from the
 * recorded raffle. Before the draw the seed is null and the lists are empty: only the commitment is public.
 */
export async function loadProof(db: Kysely<Tables>, raffleId: number): Promise<Proof | undefined> {
  const raffle = await db
    .selectFrom('raffles')
    .innerJoin('channels', 'channels.id', 'raffles.channel_id')
    .leftJoin('beacon_chains', 'beacon_chains.chain_hash', 'raffles.beacon_chain_hash')
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
      'raffles.snapshot_at',
      'raffles.beacon_round',
      'raffles.beacon_signature',
      'raffles.beacon_randomness',
      'beacon_chains.chain_hash',
      'beacon_chains.public_key',
      'beacon_chains.scheme',
      'beacon_chains.period',
      'beacon_chains.genesis_time',
      'channels.login',
    ])
    .where('raffles.id', '=', raffleId)
    .executeTakeFirst();
  if (!raffle) return undefined;
  // An interrupted raffle, or one whose beacon round never came, was never drawn: like a pending one, it
  // shows its commitment only.
  const revealed =
    raffle.status !== 'pending' &&
    raffle.void_reason !== 'interrupted' &&
    raffle.void_reason !== 'beacon_unavailable';

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

  const fields = {
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
  if (raffle.beacon_round === null) return { algorithm: PROOF_ALGORITHM_V1, ...fields };
  // SPEC §4.1: the round and its chain, once the round was fetched (the proof of a raffle still waiting
  // for it, or void without it, shows no beacon).
  const beacon =
    revealed &&
    raffle.chain_hash !== null &&
    raffle.beacon_signature !== null &&
    raffle.beacon_randomness !== null
      ? {
          chainHash: raffle.chain_hash,
          publicKey: raffle.public_key ?? '',
          scheme: raffle.scheme ?? '',
          period: Number(raffle.period),
          genesisTime: Number(raffle.genesis_time),
          round: Number(raffle.beacon_round),
          signature: raffle.beacon_signature,
          randomness: raffle.beacon_randomness,
        }
      : null;
  return {
    algorithm: PROOF_ALGORITHM_DRAND,
    ...fields,
    snapshotAt: raffle.snapshot_at ? raffle.snapshot_at.toISOString() : null,
    beacon,
  };
}
