import { type ButtonClick, runButtonClick } from './button-click.ts';
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
 * show the new holder and, from the proof, who was replaced. Errors go only to the clicker.
 */
export async function handleRerollClick(services: BotServices, click: RerollClick): Promise<void> {
  const logContext = { guildId: click.guildId, raffleId: click.raffleId, position: click.position };
  await runButtonClick(services, click, logContext, async (link, messages) => {
    await checkPreconditions(services, [serverManager], click, link, 'reroll');
    const raffle = await services.api.reroll(click.guildId, click.raffleId, click.position);
    services.logger.info({ ...logContext, channel: raffle.channel }, 'slot redrawn from Discord');
    const replaced = await services.api.proof(click.raffleId).then(
      (proof) => proof.replaced,
      (error: unknown) => {
        services.logger.warn({ ...logContext, err: error }, 'could not read who was replaced');
        return [];
      },
    );
    await click.update(raffleAnnouncement(raffle, messages, { replaced }));
  });
}
