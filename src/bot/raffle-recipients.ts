import type { Logger } from 'pino';
import type { ApiClient } from './api-client.ts';
import type { Recipient } from './api-types.ts';

/** How long an announcement waits for its mentions before it is posted without them. */
export const RECIPIENTS_TIMEOUT_MS = 2_500;

/**
 * The holders of a raffle who linked their Discord account (SPEC §2.8), to mention them. The lookup
 * must never hold an announcement back: on any failure, or after a short timeout, it is logged and
 * the announcement goes out without mentions.
 */
export async function recipientsToMention(
  services: { readonly api: ApiClient; readonly logger: Logger },
  guildId: string,
  raffleId: number,
): Promise<Recipient[]> {
  try {
    const { recipients } = await services.api.recipients(guildId, raffleId, RECIPIENTS_TIMEOUT_MS);
    return recipients;
  } catch (error) {
    services.logger.warn(
      { guildId, raffleId, err: error },
      'could not read who of the winners linked Discord; announcing without mentions',
    );
    return [];
  }
}
