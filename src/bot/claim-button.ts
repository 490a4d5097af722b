import { type ButtonClick, runButtonClick } from './button-click.ts';
import type { BotServices } from './dispatch.ts';

/** A click on a `claim:<raffleId>:<position>` button. */
export interface ClaimClick extends ButtonClick {
  readonly raffleId: number;
  readonly position: number;
}

/**
 * "Resgatar" (SPEC §2.8): the slot's holder, with their Discord account linked to the Twitch account
 * that won, claims from Discord instead of typing the claim word in Twitch chat. The API checks who
 * clicked; the answer goes to the clicker alone (not linked, not their slot, window closed: see
 * reply-error.ts). The `raffle.claimed` event then edits the announcement, which drops the button,
 * and sends the code by DM when there is one.
 */
export async function handleClaimClick(services: BotServices, click: ClaimClick): Promise<void> {
  const logContext = { guildId: click.guildId, raffleId: click.raffleId, position: click.position };
  await runButtonClick(services, click, logContext, async (_link, messages) => {
    // Known before the claim's event comes, so that event edits this message instead of posting.
    if (!services.announcements.find(click.raffleId, click.messageId)) {
      services.announcements.remember(click.raffleId, {
        guildId: click.guildId,
        channelId: click.channelId,
        messageId: click.messageId,
        rerolledPosition: null,
      });
    }
    await services.api.claimSlot(click.guildId, click.raffleId, click.position, click.userId);
    services.logger.info({ ...logContext, userId: click.userId }, 'slot claimed with the Discord button');
    const url = `${services.publicUrl.replace(/\/$/, '')}/resgatar`;
    await click.tellPrivately(messages['claim.done']({ url }));
  });
}
