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
    claimCall: (login: string, prize: string | null, word: string, seconds: number) =>
      `@${login} ganhou${prize ? ` ${prize}` : ''}! Digite ${word} em ${seconds} s`,
    claimCallMany: (logins: string, word: string, seconds: number) =>
      `Ganhadores: Digite ${word} em ${seconds} s — ${logins}`,
    claimAgain: (login: string, word: string, seconds: number) =>
      `@${login}, o tempo para resgatar recomeçou: Digite ${word} em ${seconds} s`,
    claimed: (login: string, prize: string | null) =>
      `✅ @${login} resgatou${prize ? ` ${prize}` : ' o prêmio'}!`,
    unclaimed: (login: string) => `⌛ @${login} não resgatou a tempo: novo sorteio da vaga.`,
    forfeited: (login: string, prize: string | null) =>
      `⌛ @${login} não resgatou a tempo${prize ? `: ${prize} voltou ao estoque` : ''}.`,
    entriesOpened: (keyword: string) => `Sorteio aberto! Digite ${keyword} no chat para entrar.`,
    entriesClosed: (count: number) =>
      `Inscrições encerradas: ${count} ${count === 1 ? 'participante' : 'participantes'}.`,
    redrawn: 'Novo sorteio da vaga',
    raffle: 'Sorteio',
    proof: 'Prova',
    collect: 'Código do prêmio em',
  },
  en: {
    won: (login: string, prize: string | null) => (prize ? `@${login} won ${prize}` : `@${login} was drawn`),
    claimCall: (login: string, prize: string | null, word: string, seconds: number) =>
      `@${login} won${prize ? ` ${prize}` : ''}! Type ${word} within ${seconds} s`,
    claimCallMany: (logins: string, word: string, seconds: number) =>
      `Winners: Type ${word} within ${seconds} s — ${logins}`,
    claimAgain: (login: string, word: string, seconds: number) =>
      `@${login}, your time to claim started again: Type ${word} within ${seconds} s`,
    claimed: (login: string, prize: string | null) => `✅ @${login} claimed ${prize ?? 'the prize'}!`,
    unclaimed: (login: string) => `⌛ @${login} did not claim in time: the slot is drawn again.`,
    forfeited: (login: string, prize: string | null) =>
      `⌛ @${login} did not claim in time${prize ? `: ${prize} went back to stock` : ''}.`,
    entriesOpened: (keyword: string) => `Giveaway open! Type ${keyword} in chat to enter.`,
    entriesClosed: (count: number) => `Entries closed: ${count} ${count === 1 ? 'entrant' : 'entrants'}.`,
    redrawn: 'Slot drawn again',
    raffle: 'Raffle',
    proof: 'Proof',
    collect: 'Prize code at',
  },
} as const;

/** The chat texts of a language (claims and entries), for the services that announce them. */
export type ChatTexts = (typeof texts)[keyof typeof texts];

export function chatTexts(language: Channel['language']): ChatTexts {
  return texts[language];
}

const toChatLength = (line: string) =>
  line.length > MAX_CHAT_MESSAGE ? `${line.slice(0, MAX_CHAT_MESSAGE - 1)}…` : line;

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
  // A prize with a secret code: the winner collects it on the claim page (SPEC §2.8).
  const collect = winners.some((winner) => winner.hasCode) ? ` — ${text.collect} ${raffle.claimPageUrl}` : '';
  const tail = `${collect} — ${text.proof}: ${raffle.proofPageUrl}`;
  let body = winners.map((winner) => text.won(winner.login, winner.itemName)).join(', ');
  const room = MAX_CHAT_MESSAGE - head.length - tail.length - 1;
  if (body.length > room) body = `${body.slice(0, room - 1)}…`;
  return `${head} ${body}${tail}`;
}

// Up to this many winners waiting for a claim get a line each (the line names them and the word);
// more would flood the chat, and the draw's line then says it once for all.
const CLAIM_LINES_MAX = 5;

/**
 * The chat lines of a draw whose slots wait for a claim (SPEC §2.6): "@fulano ganhou skin dourada!
 * Digite !claim em 60 s", one per waiting winner (of the redrawn slot only, after a redraw).
 */
export function claimCallLines(
  language: Channel['language'],
  raffle: RaffleView,
  claimWord: string,
  claimSeconds: number,
  redrawnPosition: number | null = null,
): string[] {
  const text = texts[language];
  const waiting = raffle.winners.filter(
    (winner) =>
      winner.claim?.state === 'awaiting_claim' &&
      (redrawnPosition === null || winner.position === redrawnPosition),
  );
  if (waiting.length === 0) return [];
  if (waiting.length > CLAIM_LINES_MAX) {
    const logins = waiting.map((winner) => `@${winner.login}`).join(' ');
    return [toChatLength(text.claimCallMany(logins, claimWord, claimSeconds))];
  }
  return waiting.map((winner) =>
    toChatLength(
      `${text.claimCall(winner.login, winner.itemName, claimWord, claimSeconds)}${
        winner.hasCode ? ` — ${text.collect} ${raffle.claimPageUrl}` : ''
      } — ${text.proof}: ${raffle.proofPageUrl}`,
    ),
  );
}

/** Announces draws in the channel's Twitch chat; a failure is logged and never undoes the draw. */
export class TwitchChatAnnouncer {
  constructor(
    private readonly helix: HelixClient,
    private readonly logger: Logger,
  ) {}

  /**
   * The draw's line, and with claim windows the "type !claim in 60 s" line of each waiting winner.
   * `claimWord` and `claimSeconds` are the raffle's (null without claims).
   */
  async announce(
    channel: Channel,
    raffle: RaffleView,
    redrawnPosition: number | null,
    claim: { word: string; seconds: number } | null = null,
  ): Promise<void> {
    const lines = claim
      ? claimCallLines(channel.language, raffle, claim.word, claim.seconds, redrawnPosition)
      : [];
    await this.say(
      channel,
      lines.length > 0 ? lines : [chatAnnouncement(channel.language, raffle, redrawnPosition)],
      {
        raffleId: raffle.raffleId,
      },
    );
  }

  /** Sends lines to the channel's chat, in order; a failure is logged (what it announces stands). */
  async say(
    channel: Channel,
    lines: readonly string[],
    context: Record<string, unknown> = {},
  ): Promise<void> {
    if (!channel.twitchUserId || channel.connectionState !== 'connected') return;
    try {
      for (const line of lines) await this.helix.sendChatMessage(channel.twitchUserId, toChatLength(line));
    } catch (error) {
      this.logger.warn(
        { err: error, channel: channel.login, ...context },
        'could not announce in Twitch chat (what it announces stands)',
      );
    }
  }
}
