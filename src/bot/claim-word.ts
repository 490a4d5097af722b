import type { Logger } from 'pino';
import type { ApiClient } from './api-client.ts';
import type { RaffleView } from './api-types.ts';

/**
 * The word a winner types in Twitch chat to claim (the channel's `claimWord`, SPEC §2.6), read only
 * when a slot of `raffle` awaits its claim. Null otherwise, or when the channel cannot be read (logged):
 * the announcement then says "the claim word" without naming it.
 */
export async function claimWordFor(
  services: { readonly api: ApiClient; readonly logger: Logger },
  raffle: RaffleView,
): Promise<string | null> {
  if (!raffle.winners.some((winner) => winner.claim?.state === 'awaiting_claim')) return null;
  try {
    return (await services.api.channel(raffle.channel)).settings.claimWord;
  } catch (error) {
    services.logger.warn({ raffleId: raffle.raffleId, err: error }, 'could not read the claim word');
    return null;
  }
}
