import type { Logger } from 'pino';
import type { Channel } from '../channels/channel-repository.ts';
import type { RaffleView } from '../raffles/raffle-view.ts';
import type { HelixClient } from './helix.ts';

// Twitch caps a chat message at 500 characters (Send Chat Message).
const MAX_CHAT_MESSAGE = 500;

const texts = {
  'pt-BR': {
    won: (login: string, prize: string | null) =>
      prize ? `@${login} ganhou ${prize}` : `@${login} foi sorteado(a)`,
    redrawn: 'Novo sorteio da vaga',
    raffle: 'Sorteio',
    proof: 'Prova',
  },
  en: {
    won: (login: string, prize: string | null) => (prize ? `@${login} won ${prize}` : `@${login} was drawn`),
    redrawn: 'Slot drawn again',
    raffle: 'Raffle',
    proof: 'Proof',
  },
} as const;

/** The chat line announcing a draw, in the channel's language, within Twitch's length limit. */
export function chatAnnouncement(
  language: Channel['language'],
  raffle: RaffleView,
  redrawnPosition: number | null = null,
): string {
  const text = texts[language];
  const winners =
    redrawnPosition === null
      ? raffle.winners
      : raffle.winners.filter((winner) => winner.position === redrawnPosition);
  const head = `🎉 ${redrawnPosition === null ? text.raffle : text.redrawn} #${raffle.raffleId}:`;
  const tail = ` — ${text.proof}: ${raffle.proofPageUrl}`;
  let body = winners.map((winner) => text.won(winner.login, winner.itemName)).join(', ');
  const room = MAX_CHAT_MESSAGE - head.length - tail.length - 1;
  if (body.length > room) body = `${body.slice(0, room - 1)}…`;
  return `${head} ${body}${tail}`;
}

/** Announces draws in the channel's Twitch chat; a failure is logged and never undoes the draw. */
export class TwitchChatAnnouncer {
  constructor(
    private readonly helix: HelixClient,
    private readonly logger: Logger,
  ) {}

  async announce(channel: Channel, raffle: RaffleView, redrawnPosition: number | null): Promise<void> {
    if (!channel.twitchUserId || channel.connectionState !== 'connected') return;
    try {
      await this.helix.sendChatMessage(
        channel.twitchUserId,
        chatAnnouncement(channel.language, raffle, redrawnPosition),
      );
    } catch (error) {
      this.logger.warn(
        { err: error, channel: channel.login, raffleId: raffle.raffleId },
        'could not announce the draw in Twitch chat (the draw stands)',
      );
    }
  }
}
