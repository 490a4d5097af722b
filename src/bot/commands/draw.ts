import { claimWordFor } from '../claim-word.ts';
import { parseWinnerCount } from '../parse/counts.ts';
import { serverManager } from '../preconditions.ts';
import { recipientsToMention } from '../raffle-recipients.ts';
import { raffleAnnouncement } from '../render/raffle-announcement.ts';
import { defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/**
 * `!sortear [n]` / `/sorteio sortear vencedores:n` (SPEC §2.4): draws now and answers with the
 * announcement. The idempotency key is the Discord message or interaction id, so one delivered twice
 * draws once (SPEC §9); a replayed draw is not announced again from a text message. The reply is
 * remembered, so the slots' claims (SPEC §2.6) edit it as they change. Linked winners are mentioned
 * in it (SPEC §2.8): in this server, it is the draw's announcement.
 */
export const drawCommand = defineCommand<number>({
  id: 'draw',
  text: [['sortear']],
  slash: { command: 'sorteio', subcommand: 'sortear' },
  preconditions: [serverManager],
  parseText: parseWinnerCount,
  parseSlash: (options) => parseWinnerCount(String(options.getInteger('vencedores') ?? '')),
  async run(context, winners) {
    const link = requireLink(context);
    const { raffle, replayed } = await context.api.draw(context.guildId, link.channel, {
      winners,
      idempotencyKey: `discord-${context.invocation.kind}-${context.invocation.id}`,
    });
    context.logger.info(
      { guildId: context.guildId, channel: link.channel, raffleId: raffle.raffleId, replayed },
      'draw requested from Discord',
    );
    if (replayed && context.invocation.kind === 'message') return null;
    const [claimWord, recipients] = await Promise.all([
      claimWordFor(context, raffle),
      recipientsToMention(context, context.guildId, raffle.raffleId),
    ]);
    return raffleAnnouncement(raffle, context.messages, { claimWord, recipients });
  },
});
