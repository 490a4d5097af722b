import type { RaffleView } from '../api-types.ts';
import { claimWordFor } from '../claim-word.ts';
import { parseWinnerCount } from '../parse/counts.ts';
import { serverManager } from '../preconditions.ts';
import { recipientsToMention } from '../raffle-recipients.ts';
import { waitingAnnouncement } from '../render/beacon-announcement.ts';
import { raffleAnnouncement } from '../render/raffle-announcement.ts';
import { type CommandContext, defineCommand } from './command.ts';
import { requireLink } from './require-link.ts';

/**
 * `!sortear [n]` / `/sorteio sortear vencedores:n` (SPEC §2.4): draws now and answers with the
 * announcement. The idempotency key is the Discord message or interaction id, so one delivered twice
 * draws once (SPEC §9); a replayed draw is not announced again from a text message. The reply is
 * remembered, so the slots' claims (SPEC §2.6) edit it as they change. Linked winners are mentioned
 * in it (SPEC §2.8): in this server, it is the draw's announcement.
 *
 * With public randomness (SPEC §4.1) the API holds its answer until the draw's drand round comes
 * (1–4 s). The round is announced before that by `raffle.snapshot`, which names this server
 * (`requestedByGuild`): the event listener hands it to this command (draws-in-flight.ts), which shows
 * "waiting for round N" at once, and the result then edits that same reply. Correlating the event
 * rather than polling keeps the API call single, and a slash command is deferred first anyway (the
 * 3-second rule), so nothing here races Discord's deadline. When the round is late the API answers
 * 202 with the raffle still pending: the reply shows the round it waits for, and `raffle.drawn` or
 * `raffle.voided` edits it later (draw-announcements.ts).
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
    const inFlight = context.draws.begin(context.guildId, link.channel);
    try {
      const answer = context.api.draw(context.guildId, link.channel, {
        winners,
        idempotencyKey: `discord-${context.invocation.kind}-${context.invocation.id}`,
      });
      const snapshot = await Promise.race([answer.then(noSnapshot, noSnapshot), inFlight.snapshot]);
      if (snapshot) {
        await context.progress(
          waitingAnnouncement(snapshot.raffle, snapshot, snapshot.entrantsDigest, context.messages),
        );
      }
      const { raffle, replayed } = await answer;
      inFlight.raffleId = raffle.raffleId;
      context.logger.info(
        { guildId: context.guildId, channel: link.channel, raffleId: raffle.raffleId, replayed },
        'draw requested from Discord',
      );
      if (replayed && context.invocation.kind === 'message') return null;
      if (raffle.status === 'pending' && raffle.beacon) {
        // Shown (and remembered) before `end()` below lets a held `raffle.drawn` edit it.
        await context.progress(
          waitingAnnouncement(raffle, raffle.beacon, raffle.entrantsDigest, context.messages, { late: true }),
        );
        return null;
      }
      return await resultOf(context, raffle);
    } finally {
      inFlight.end();
    }
  },
});

function noSnapshot(): null {
  return null;
}

async function resultOf(context: CommandContext, raffle: RaffleView) {
  const [claimWord, recipients] = await Promise.all([
    claimWordFor(context, raffle),
    recipientsToMention(context, context.guildId, raffle.raffleId),
  ]);
  return raffleAnnouncement(raffle, context.messages, { claimWord, recipients });
}
