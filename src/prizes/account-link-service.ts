import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Tables } from '../db/tables.ts';
import { notFound } from '../errors.ts';
import { consumeToken, isSpent } from '../security/nonce-store.ts';
import { SignedTokenError, type SignedTokens } from '../security/signed-token.ts';
import type { Viewer } from '../twitch/viewer-login.ts';
import { accountLinkRepository } from './account-link-repository.ts';

/** An account-link URL lives 15 minutes (SPEC §2.8). */
const LINK_TTL_SECONDS = 15 * 60;

/** What an account-link URL says, once its signature and expiry checked out. */
export interface AccountLinkRequest {
  readonly discordUserId: string;
  /** The Discord name the bot saw, shown on the page so the viewer sees which account they link. */
  readonly discordUsername: string | null;
  readonly expiresAt: string;
}

/**
 * The Twitch ↔ Discord account link (SPEC §2.8): the bot asks for a private, signed, single-use,
 * 15-minute URL for one Discord user; whoever opens it and signs in with Twitch as a viewer links that
 * Discord user to their Twitch account. Spent only when the link is made, so a link preview fetching
 * the URL does not use it up.
 */
export class AccountLinkService {
  constructor(
    private readonly deps: {
      readonly db: Kysely<Tables>;
      readonly tokens: SignedTokens;
      readonly publicUrl: string;
      readonly logger: Logger;
    },
  ) {}

  /** The URL to hand the Discord user privately. */
  mint(
    discordUserId: string,
    options: { username?: string | undefined } = {},
  ): { url: string; expiresAt: string } {
    const token = this.deps.tokens.sign(
      { purpose: 'account_link', d: discordUserId, ...(options.username && { un: options.username }) },
      LINK_TTL_SECONDS,
    );
    return {
      url: `${this.deps.publicUrl}/vincular?link=${encodeURIComponent(token)}`,
      expiresAt: new Date(Date.now() + LINK_TTL_SECONDS * 1000).toISOString(),
    };
  }

  /**
   * Reads a link without spending it; throws SignedTokenError when it is not valid, expired, or already
   * used (SPEC §2.8: a used link shows the invalid-link page).
   */
  async inspect(link: string): Promise<AccountLinkRequest> {
    const verified = this.deps.tokens.verify(link, 'account_link');
    if (await isSpent(this.deps.db, verified.nonce)) throw new SignedTokenError('replayed');
    return {
      discordUserId: String(verified.fields.d),
      discordUsername: verified.fields.un === undefined ? null : String(verified.fields.un),
      expiresAt: new Date(verified.expiresAt * 1000).toISOString(),
    };
  }

  /** Spends the link and links its Discord user to `viewer` (replacing earlier links of either). */
  async complete(link: string, viewer: Viewer): Promise<AccountLinkRequest & { twitchLogin: string }> {
    return this.deps.db.transaction().execute(async (transaction) => {
      const verified = await consumeToken(transaction, this.deps.tokens, link, 'account_link');
      const request = {
        discordUserId: String(verified.fields.d),
        discordUsername: verified.fields.un === undefined ? null : String(verified.fields.un),
        expiresAt: new Date(verified.expiresAt * 1000).toISOString(),
      };
      await accountLinkRepository.link(transaction, {
        discordUserId: request.discordUserId,
        twitchUserId: viewer.userId,
        twitchLogin: viewer.login,
      });
      this.deps.logger.info(
        { discordUserId: request.discordUserId, twitch: viewer.login },
        'accounts linked',
      );
      return { ...request, twitchLogin: viewer.login };
    });
  }

  /** Links directly (tests and tools that already proved both identities). */
  link(discordUserId: string, viewer: Viewer): Promise<void> {
    return accountLinkRepository.link(this.deps.db, {
      discordUserId,
      twitchUserId: viewer.userId,
      twitchLogin: viewer.login,
    });
  }

  async unlink(discordUserId: string): Promise<void> {
    if (!(await accountLinkRepository.unlink(this.deps.db, discordUserId))) {
      throw notFound('not_linked', 'This Discord account is not linked to a Twitch account.');
    }
  }
}
