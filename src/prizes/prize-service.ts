import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Channel, ChannelRepository } from '../channels/channel-repository.ts';
import type { LedgerEntry, ViewerPrize } from '../contract/prizes.ts';
import type { Tables } from '../db/tables.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import type { ClaimService } from '../raffles/claim-service.ts';
import { accountLinkRepository } from './account-link-repository.ts';
import type { CodeCipher } from './code-cipher.ts';
import { type CodeSummary, codeRepository } from './code-repository.ts';
import { deliverable, slotRepository } from './slot-repository.ts';

const UNIQUE_VIOLATION = '23505';
/** The claim page lists this many prizes at most (newest first). */
const VIEWER_PRIZES_LIMIT = 200;

const prizeNotFound = (itemId: number) =>
  notFound('prize_not_found', `There is no prize ${itemId} on this channel.`);
const notDeliverable = (message: string) => conflict('not_deliverable', message);

/**
 * The prize reaches the winner (SPEC §2.8): a prize's secret codes (stored sealed, counted as its
 * quantity), the ledger of every unit given, the claim page's view of a viewer's wins and the reveal of a
 * code to its holder only, and the bot's side (who is linked, a code to DM, the "Resgatar" button).
 * A code in clear exists only in the answer to its holder (or to the bot that DMs it): never in a log
 * line, an event, a proof or an announcement.
 */
export class PrizeService {
  constructor(
    private readonly deps: {
      readonly db: Kysely<Tables>;
      readonly cipher: CodeCipher;
      readonly channels: ChannelRepository;
      readonly claims: ClaimService;
      readonly publicUrl: string;
      readonly logger: Logger;
    },
  ) {}

  /** Adds codes to a prize, all or none: a code repeated in the call or already stored is a 409. */
  async addCodes(
    channel: Channel,
    itemId: number,
    codes: readonly string[],
  ): Promise<{ added: number; unused: number; quantity: number }> {
    const { cipher } = this.deps;
    const fingerprints = codes.map((code) => cipher.fingerprint(code));
    const repeated = fingerprints.length - new Set(fingerprints).size;
    if (repeated > 0) {
      throw conflict(
        'duplicate_codes',
        `${repeated} code(s) appear more than once in this list; nothing was added.`,
        {
          repeated,
        },
      );
    }
    try {
      return await this.deps.db.transaction().execute(async (transaction) => {
        if (!(await codeRepository.lockItem(transaction, channel.id, itemId))) throw prizeNotFound(itemId);
        const stored = await codeRepository.existing(transaction, itemId, fingerprints);
        if (stored.size > 0) {
          throw conflict(
            'duplicate_codes',
            `${stored.size} code(s) of this list are already stored for this prize; nothing was added.`,
            { alreadyStored: stored.size },
          );
        }
        await codeRepository.insert(
          transaction,
          channel.id,
          itemId,
          codes.map((code, index) => {
            const fingerprint = fingerprints[index] as string;
            return { fingerprint, secret: cipher.encrypt(code, fingerprint) };
          }),
        );
        const quantity = await codeRepository.syncQuantity(transaction, itemId);
        return { added: codes.length, unused: quantity, quantity };
      });
    } catch (error) {
      // Two calls adding the same code at once: the unique index settles it.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw conflict(
          'duplicate_codes',
          'Some of these codes are already stored for this prize; nothing was added.',
        );
      }
      throw error;
    }
  }

  /** A page of a prize's codes, without their secrets. */
  async listCodes(
    channel: Channel,
    itemId: number,
    page: { limit: number; after: number | undefined },
  ): Promise<{
    itemId: number;
    unused: number;
    total: number;
    codes: CodeSummary[];
    nextAfter: number | null;
  }> {
    const { db } = this.deps;
    const item = await db
      .selectFrom('items')
      .select('id')
      .where('channel_id', '=', channel.id)
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (!item) throw prizeNotFound(itemId);
    const [codes, counts] = await Promise.all([
      codeRepository.list(db, itemId, page.limit, page.after),
      codeRepository.counts(db, channel.id, itemId),
    ]);
    const count = counts.get(itemId) ?? { unused: 0, total: 0 };
    return {
      itemId,
      ...count,
      codes,
      nextAfter: codes.length === page.limit ? (codes[codes.length - 1]?.id ?? null) : null,
    };
  }

  /** Unused and total codes of each prize of a channel that has codes. */
  codeCounts(channelId: number): Promise<Map<number, { unused: number; total: number }>> {
    return codeRepository.counts(this.deps.db, channelId);
  }

  /** Whether a prize holds codes (its quantity then follows them). */
  hasCodes(itemId: number): Promise<boolean> {
    return codeRepository.hasCodes(this.deps.db, itemId);
  }

  ledger(
    channel: Channel,
    page: { limit: number; before: number | undefined },
  ): Promise<{ prizes: LedgerEntry[]; nextBefore: number | null }> {
    return slotRepository.ledger(this.deps.db, channel.id, page.limit, page.before);
  }

  /** Every unit the channel gave, newest first, page after page (the CSV export). */
  async *wholeLedger(channel: Channel): AsyncGenerator<LedgerEntry> {
    let before: number | undefined;
    do {
      const page = await slotRepository.ledger(this.deps.db, channel.id, 1000, before);
      yield* page.prizes;
      before = page.nextBefore ?? undefined;
    } while (before !== undefined);
  }

  /** The claim page's list: every prize `userId` holds, in any channel, newest first. */
  async viewerPrizes(userId: string): Promise<ViewerPrize[]> {
    const prizes = await slotRepository.wonBy(this.deps.db, userId, VIEWER_PRIZES_LIMIT);
    return prizes.map((prize) => ({ ...prize, proofPageUrl: `${this.deps.publicUrl}/r/${prize.raffleId}` }));
  }

  /**
   * The code of a slot, to its holder only, once it is theirs to have (claimed, or drawn without a
   * claim window). The first reveal makes the unit `delivered`. Someone else's slot is a 404, as one
   * that does not exist: the page does not tell who won what.
   */
  async reveal(
    userId: string,
    raffleId: number,
    position: number,
  ): Promise<{ code: string; deliveredAt: string }> {
    return this.deps.db.transaction().execute(async (transaction) => {
      const holder = await slotRepository.lockHolder(transaction, raffleId, position);
      if (!holder || holder.userId !== userId) {
        throw notFound('raffle_not_found', 'You hold no prize in that slot.');
      }
      const code = await codeRepository.ofSlot(transaction, raffleId, position);
      if (!code) throw notDeliverable('This prize has no code to reveal.');
      if (!deliverable(holder)) {
        throw notDeliverable(
          holder.claimState === 'forfeited'
            ? 'This prize was not claimed in time and went back to stock.'
            : 'Claim the prize in the Twitch chat first; its code shows here once it is claimed.',
        );
      }
      const plain = this.deps.cipher.decrypt(code.secret, code.fingerprint);
      const deliveredAt = await codeRepository.markDelivered(transaction, code.codeId, 'page');
      if (!code.deliveredAt) {
        this.deps.logger.info({ raffleId, position }, 'prize code revealed on the claim page');
      }
      return { code: plain, deliveredAt: new Date(deliveredAt).toISOString() };
    });
  }

  /** The holders of a raffle who linked a Discord account (the bot mentions them, DMs their code). */
  async recipients(channelId: number, raffleId: number) {
    await this.#raffleOfChannel(channelId, raffleId);
    return slotRepository.linkedHolders(this.deps.db, raffleId);
  }

  /**
   * The bot takes a slot's code to DM to its linked holder: one sender at a time across processes, for
   * a minute, until it reports the outcome ({@link deliveryOutcome}).
   */
  async takeDelivery(
    channelId: number,
    raffleId: number,
    position: number,
  ): Promise<{ discordUserId: string; code: string }> {
    await this.#raffleOfChannel(channelId, raffleId);
    return this.deps.db.transaction().execute(async (transaction) => {
      const holder = await slotRepository.lockHolder(transaction, raffleId, position);
      if (!holder) throw notFound('position_not_found', `Raffle ${raffleId} has no position ${position}.`);
      const link = await transaction
        .selectFrom('account_links')
        .select('discord_user_id')
        .where('twitch_user_id', '=', holder.userId)
        .executeTakeFirst();
      const code = await codeRepository.ofSlot(transaction, raffleId, position);
      if (!link || !code || code.deliveredAt || !deliverable(holder)) {
        throw notDeliverable('There is no code to send for this slot now.');
      }
      if (!(await codeRepository.startSending(transaction, code.codeId))) {
        throw notDeliverable('Another process is sending this code.');
      }
      return {
        discordUserId: link.discord_user_id,
        code: this.deps.cipher.decrypt(code.secret, code.fingerprint),
      };
    });
  }

  /** The bot's report after a DM: delivered, or not (the claim page still has the code). */
  async deliveryOutcome(
    channelId: number,
    raffleId: number,
    position: number,
    outcome: { delivered: boolean; discordError?: number | undefined },
  ): Promise<void> {
    await this.#raffleOfChannel(channelId, raffleId);
    await this.deps.db.transaction().execute(async (transaction) => {
      const code = await codeRepository.ofSlot(transaction, raffleId, position);
      if (!code) throw notDeliverable('This slot has no code.');
      if (outcome.delivered) {
        await codeRepository.markDelivered(transaction, code.codeId, 'discord');
        this.deps.logger.info({ raffleId, position }, 'prize code delivered by Discord DM');
      } else {
        await codeRepository.stopSending(transaction, code.codeId);
        this.deps.logger.warn(
          { raffleId, position, discordError: outcome.discordError },
          'the Discord DM with a prize code failed: the winner collects it on the claim page',
        );
      }
    });
  }

  /** The "Resgatar" button: the linked holder claims their slot from Discord. */
  async claimFromDiscord(
    channel: Channel,
    raffleId: number,
    position: number,
    discordUserId: string,
  ): Promise<{ claimedAt: string }> {
    await this.#raffleOfChannel(channel.id, raffleId);
    const { db } = this.deps;
    const link = await accountLinkRepository.ofDiscordUser(db, discordUserId);
    if (!link) throw conflict('not_linked', 'Link your Twitch account first (/sorteio vincular).');
    const claimedAt = await db.transaction().execute(async (transaction) => {
      const holder = await slotRepository.lockHolder(transaction, raffleId, position);
      if (!holder || holder.userId !== link.twitchUserId) {
        throw conflict('not_slot_holder', 'This prize is not yours to claim.');
      }
      const at = await slotRepository.claim(transaction, raffleId, position, link.twitchUserId);
      if (!at) throw conflict('claim_closed', 'This prize is not waiting for a claim any more.');
      return new Date(at).toISOString();
    });
    await this.deps.claims.announceClaimed(channel, [{ raffleId, position, claimedAt }]);
    return { claimedAt };
  }

  async #raffleOfChannel(channelId: number, raffleId: number): Promise<void> {
    const raffle = await this.deps.db
      .selectFrom('raffles')
      .select('channel_id')
      .where('id', '=', raffleId)
      .executeTakeFirst();
    if (!raffle) throw notFound('raffle_not_found', `There is no raffle ${raffleId}.`);
    if (Number(raffle.channel_id) !== channelId) {
      throw new AppError(403, 'guild_forbidden', 'This Discord server is linked to another channel.');
    }
  }
}
