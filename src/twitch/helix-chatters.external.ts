import type { ApiClient } from '@twurple/api';
import type { HelixPaginatedResponse } from '@twurple/api-call';
import type { Chatter } from './helix.ts';

/** One entry of Get Chatters as Twitch sends it (https://dev.twitch.tv/docs/api/reference/#get-chatters). */
interface ChatterEntry {
  readonly user_id: string;
  readonly user_login: string;
  readonly user_name: string;
}

// Twitch's maximum page size for Get Chatters.
const PAGE_SIZE = '1000';

/**
 * Every page of Get Chatters, mapped straight from Twitch's JSON into Chatter. Entries with an empty
 * id (a long-standing Twitch bug, twitchdev/issues#757) are dropped.
 *
 * The call options are those of twurple's getChattersPaginated (the broadcaster's user context, its
 * scope, the broadcaster as moderator), so tokens, the refresh on a 401, retries and rate limits work
 * the same; only twurple's per-page mapping is skipped: it builds one HelixChatChatter per entry and
 * appends each to the page by copying the whole array (`[...acc, mapped]`, quadratic in the page
 * size), which cost about as much CPU as everything else of a 1,000-entry page together.
 */
export async function fetchAllChatters(api: ApiClient, broadcasterId: string): Promise<Chatter[]> {
  const chatters: Chatter[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page: HelixPaginatedResponse<ChatterEntry> = await api.callApi({
      type: 'helix',
      url: 'chat/chatters',
      userId: broadcasterId,
      canOverrideScopedUserContext: true,
      scopes: ['moderator:read:chatters'],
      query: { broadcaster_id: broadcasterId, moderator_id: broadcasterId, first: PAGE_SIZE, after: cursor },
    });
    const entries = page.data ?? [];
    for (const entry of entries) {
      if (entry.user_id !== '' && entry.user_login !== '')
        chatters.push({ userId: entry.user_id, login: entry.user_login.toLowerCase() });
    }
    cursor = typeof page.pagination === 'string' ? page.pagination : page.pagination?.cursor;
    if (!cursor || entries.length === 0) return chatters;
  }
}
