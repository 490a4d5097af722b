import { type ButtonClick, runButtonClick } from './button-click.ts';
import { claimWordFor } from './claim-word.ts';
import { type BotServices, checkPreconditions } from './dispatch.ts';
import { serverManager } from './preconditions.ts';
import { raffleAnnouncement } from './render/raffle-announcement.ts';

/** A click on a `reroll:<raffleId>:<position>` button. */
export interface RerollClick extends ButtonClick {
  readonly raffleId: number;
  readonly position: number;
}

/**
 * "Sortear de novo" (SPEC §2.4): a server manager redraws one slot; the announcement is edited to
 * show the new holder, who was replaced, and the new holder's claim window. A forfeited slot has no
 * button (its prize went back to stock; the API refuses it with `slot_forfeited`). Errors go only
 * to the clicker.
 */
export async function handleRerollClick(services: BotServices, click: RerollClick): Promise<void> {
  const logContext = { guildId: click.guildId, raffleId: click.raffleId, position: click.position };
  await runButtonClick(services, click, logContext, async (link, messages) => {
    await checkPreconditions(services, [serverManager], click, link, 'reroll');
    const raffle = await services.api.reroll(click.guildId, click.raffleId, click.position);
    services.logger.info({ ...logContext, channel: raffle.channel }, 'slot redrawn from Discord');
    // The mentions the message had stay for the winners who still hold their slot.
    const recipients = services.announcements.find(click.raffleId, click.messageId)?.recipients;
    await click.update(
      raffleAnnouncement(raffle, messages, { claimWord: await claimWordFor(services, raffle), recipients }),
    );
    // Known from now on even if it was posted before a restart: the new holder's claim edits it.
    services.announcements.remember(raffle.raffleId, {
      guildId: click.guildId,
      channelId: click.channelId,
      messageId: click.messageId,
      rerolledPosition: null,
      recipients,
    });
  });
}
