import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { ApiError, apiErrorFrom, TRANSPORT_CODES } from './api-error.ts';
import type {
  ChannelView,
  ChatterList,
  CodesAdded,
  ConnectLink,
  Delivery,
  DeliveryOutcome,
  DiscordLink,
  EntriesView,
  Language,
  Prize,
  ProofSummary,
  RaffleView,
  Recipients,
  SessionView,
} from './api-types.ts';

export interface ApiClientOptions {
  /** Where the API is, e.g. http://127.0.0.1:3000 (config.apiUrl). */
  readonly baseUrl: string;
  /** The service token (config.apiToken); never logged. */
  readonly token: string;
  readonly logger: Logger;
  /** Per call; a draw fetches every page of chatters, so it gets the longer one. */
  readonly timeoutMs?: number;
  readonly slowTimeoutMs?: number;
  /** The bot's own connection pool, closed when it stops (see start-bot.ts). */
  readonly dispatcher?: Dispatcher;
}

interface CallOptions {
  readonly guildId?: string;
  readonly body?: unknown;
  readonly slow?: boolean;
  /** Overrides the timeout, for lookups that must not hold an announcement back. */
  readonly timeoutMs?: number;
}

/**
 * The API v1 as the bot uses it: native fetch with the service token and, for calls a Discord server
 * makes, `X-Discord-Guild` so the API can refuse a server acting on a channel it is not linked to.
 */
export class ApiClient {
  readonly #options: Required<Omit<ApiClientOptions, 'dispatcher'>> & Pick<ApiClientOptions, 'dispatcher'>;

  constructor(options: ApiClientOptions) {
    this.#options = { timeoutMs: 10_000, slowTimeoutMs: 60_000, ...options };
  }

  mintConnectLink(
    guildId: string,
    body: { announcementChannelId: string; language: Language },
  ): Promise<ConnectLink> {
    return this.#call('POST', `/api/v1/discord/${guildId}/link`, { guildId, body });
  }

  /** The server's link, or null when it never connected (404 `guild_not_linked`). */
  async discordLink(guildId: string): Promise<DiscordLink | null> {
    try {
      return await this.#call<DiscordLink>('GET', `/api/v1/discord/${guildId}`, { guildId });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'guild_not_linked') return null;
      throw error;
    }
  }

  updateDiscordLink(
    guildId: string,
    body: { announcementChannelId?: string | null; managerRoleId?: string | null; language?: Language },
  ): Promise<DiscordLink> {
    return this.#call('PATCH', `/api/v1/discord/${guildId}`, { guildId, body });
  }

  channel(login: string): Promise<ChannelView> {
    return this.#call('GET', `/api/v1/channels/${encodeURIComponent(login)}`);
  }

  prizes(guildId: string, login: string): Promise<{ items: Prize[]; totalWeight: number }> {
    return this.#call('GET', `${channelPath(login)}/items`, { guildId });
  }

  addPrizes(guildId: string, login: string, text: string): Promise<{ items: Prize[] }> {
    return this.#call('POST', `${channelPath(login)}/items`, { guildId, body: { text } });
  }

  removePrize(guildId: string, login: string, prizeId: number): Promise<void> {
    return this.#call('DELETE', `${channelPath(login)}/items/${prizeId}`, { guildId });
  }

  clearPrizes(guildId: string, login: string): Promise<void> {
    return this.#call('DELETE', `${channelPath(login)}/items`, { guildId });
  }

  chatters(guildId: string, login: string): Promise<ChatterList> {
    return this.#call('GET', `${channelPath(login)}/chatters`, { guildId, slow: true });
  }

  /**
   * A one-off draw; `replayed` when the idempotency key was seen before (same raffle, not new). With
   * public randomness the API answers once the draw's drand round came (201), or 202 with the raffle
   * still `pending` (its `beacon` set) when the round is late (SPEC §4.1): `raffle.drawn` or
   * `raffle.voided` tells the rest.
   */
  async draw(
    guildId: string,
    login: string,
    body: { winners: number; idempotencyKey: string },
  ): Promise<{ raffle: RaffleView; replayed: boolean }> {
    const { status, value } = await this.#request<RaffleView>('POST', `${channelPath(login)}/raffles`, {
      guildId,
      body,
      slow: true,
    });
    return { raffle: value, replayed: status === 200 };
  }

  reroll(guildId: string, raffleId: number, position: number): Promise<RaffleView> {
    return this.#call('POST', `/api/v1/raffles/${raffleId}/reroll`, {
      guildId,
      body: { position },
      slow: true,
    });
  }

  proof(raffleId: number): Promise<ProofSummary> {
    return this.#call('GET', `/api/v1/raffles/${raffleId}/proof`);
  }

  session(guildId: string, login: string): Promise<SessionView> {
    return this.#call('GET', `${channelPath(login)}/session`, { guildId });
  }

  startSession(guildId: string, login: string, body: { intervalSeconds?: number }): Promise<SessionView> {
    return this.#call('POST', `${channelPath(login)}/session`, { guildId, body });
  }

  stopSession(guildId: string, login: string): Promise<SessionView> {
    return this.#call('DELETE', `${channelPath(login)}/session`, { guildId });
  }

  /** Opens an entry window (SPEC §2.7); without a keyword, the channel's `entryKeyword`. */
  openEntries(guildId: string, login: string, keyword: string | undefined): Promise<EntriesView> {
    return this.#call('POST', `${channelPath(login)}/entries`, {
      guildId,
      body: keyword === undefined ? {} : { keyword },
    });
  }

  closeEntries(guildId: string, login: string): Promise<EntriesView> {
    return this.#call('DELETE', `${channelPath(login)}/entries`, { guildId });
  }

  /** The open (or last) entry window with its counts; `limit: 1` when only the counts matter. */
  entries(guildId: string, login: string, limit = 1): Promise<EntriesView> {
    return this.#call('GET', `${channelPath(login)}/entries?limit=${limit}`, { guildId });
  }

  /** Adds secret codes to a prize (SPEC §2.8); the codes travel in the body only, never in a log. */
  addCodes(guildId: string, login: string, prizeId: number, codes: readonly string[]): Promise<CodesAdded> {
    return this.#call('POST', `${channelPath(login)}/items/${prizeId}/codes`, { guildId, body: { codes } });
  }

  /** Mints a member's account-link URL (signed, single use, 15 minutes). */
  mintAccountLink(
    guildId: string,
    userId: string,
    body: { username?: string; language?: Language },
  ): Promise<ConnectLink> {
    return this.#call('POST', `${accountPath(guildId, userId)}/link`, { guildId, body });
  }

  /** Removes a member's account link (404 `not_linked` when there is none). */
  unlinkAccount(guildId: string, userId: string): Promise<void> {
    return this.#call('DELETE', `${accountPath(guildId, userId)}/link`, { guildId });
  }

  /** The holders of a raffle who linked their Discord account, and whether a code awaits them. */
  recipients(guildId: string, raffleId: number, timeoutMs?: number): Promise<Recipients> {
    return this.#call('GET', `/api/v1/discord/${guildId}/raffles/${raffleId}/recipients`, {
      guildId,
      timeoutMs,
    });
  }

  /** Takes a slot's code to DM (409 `not_deliverable` when there is none to send); report the outcome after. */
  takeDelivery(guildId: string, raffleId: number, position: number): Promise<Delivery> {
    return this.#call('POST', `${slotPath(guildId, raffleId, position)}/delivery`, { guildId });
  }

  /** Says whether the DM reached its holder: delivered, or released for the claim page. */
  reportDelivery(
    guildId: string,
    raffleId: number,
    position: number,
    outcome: DeliveryOutcome,
  ): Promise<void> {
    return this.#call('POST', `${slotPath(guildId, raffleId, position)}/delivery/outcome`, {
      guildId,
      body: outcome,
    });
  }

  /** The "Resgatar" button: the linked holder claims their slot. */
  claimSlot(
    guildId: string,
    raffleId: number,
    position: number,
    discordUserId: string,
  ): Promise<{ claimedAt: string }> {
    return this.#call('POST', `${slotPath(guildId, raffleId, position)}/claim`, {
      guildId,
      body: { discordUserId },
    });
  }

  async #call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    return (await this.#request<T>(method, path, options)).value;
  }

  async #request<T>(
    method: string,
    path: string,
    options: CallOptions,
  ): Promise<{ status: number; value: T }> {
    const { baseUrl, token, logger } = this.#options;
    const timeoutMs =
      options.timeoutMs ?? (options.slow ? this.#options.slowTimeoutMs : this.#options.timeoutMs);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (options.guildId) headers['x-discord-guild'] = options.guildId;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(timeoutMs),
        ...(this.#options.dispatcher && { dispatcher: this.#options.dispatcher }),
      } as RequestInit);
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      logger.warn({ method, path, guildId: options.guildId, timedOut, err: error }, 'API call failed');
      throw timedOut
        ? new ApiError(0, TRANSPORT_CODES.timeout, `no answer from the API within ${timeoutMs} ms`)
        : new ApiError(0, TRANSPORT_CODES.unreachable, 'the API could not be reached');
    }
    if (!response.ok) {
      const error = await apiErrorFrom(response);
      logger.debug(
        { method, path, guildId: options.guildId, status: error.status, code: error.code },
        'API refused',
      );
      throw error;
    }
    if (response.status === 204) return { status: 204, value: undefined as T };
    try {
      return { status: response.status, value: (await response.json()) as T };
    } catch {
      throw new ApiError(
        response.status,
        TRANSPORT_CODES.badResponse,
        'the API answered with something that is not JSON',
      );
    }
  }
}

function accountPath(guildId: string, userId: string): string {
  return `/api/v1/discord/${guildId}/users/${userId}`;
}

function slotPath(guildId: string, raffleId: number, position: number): string {
  return `/api/v1/discord/${guildId}/raffles/${raffleId}/slots/${position}`;
}

function channelPath(login: string): string {
  return `/api/v1/channels/${encodeURIComponent(login)}`;
}
