import { paginate, paginationBody, requireParam } from './helix-paging.ts';
import { userRefBody } from './helix-payloads.external.ts';
import type { HelixCall, HelixRoute } from './helix-routes.ts';
import { jsonBody, TwitchHttpError } from './http-io.ts';

const MAX_MESSAGE_LENGTH = 500;

/**
 * Get Chatters: `moderator_id` must be the token's user, and that user the broadcaster or one of their
 * moderators (https://dev.twitch.tv/docs/api/reference/#get-chatters).
 */
function getChatters({ context, request, caller }: HelixCall) {
  const broadcasterId = requireParam(request.query, 'broadcaster_id');
  const moderatorId = requireParam(request.query, 'moderator_id');
  if (moderatorId !== caller.userId) {
    throw new TwitchHttpError(
      401,
      "The ID in moderator_id must match the user ID found in the request's OAuth token.",
    );
  }
  const channel = context.world.findChannel(broadcasterId);
  if (!channel || channel.broadcaster.id !== broadcasterId) {
    throw new TwitchHttpError(400, 'The ID in broadcaster_id is not valid');
  }
  if (moderatorId !== broadcasterId && !channel.moderators.has(moderatorId)) {
    throw new TwitchHttpError(403, "The user in moderator_id is not one of the broadcaster's moderators.");
  }
  const page = paginate(channel.chatterIds, request.query, 1000, 100);
  const data = page.items.map((id) => userRefBody(id === '' ? undefined : context.world.findById(id)));
  return { body: { data, pagination: paginationBody(page), total: channel.chatterIds.length } };
}

/**
 * Send Chat Message: recorded, and echoed to EventSub as Twitch does with an app's own messages. Helix
 * takes each field from the JSON body or the query string; twurple puts the two ids in the query.
 */
function sendChatMessage({ context, request, caller }: HelixCall) {
  const body = jsonBody(request);
  const field = (name: string) => {
    const value = body[name] ?? request.query.get(name);
    if (typeof value !== 'string' || value === '')
      throw new TwitchHttpError(400, `Missing required parameter "${name}"`);
    return value;
  };
  const broadcasterId = field('broadcaster_id');
  const senderId = field('sender_id');
  const message = field('message');
  if (senderId !== caller.userId) {
    throw new TwitchHttpError(
      401,
      "The ID in sender_id must match the user ID found in the request's OAuth token.",
    );
  }
  if (!context.world.findChannel(broadcasterId))
    throw new TwitchHttpError(400, 'The ID in broadcaster_id is not valid');
  if (message.length > MAX_MESSAGE_LENGTH) throw new TwitchHttpError(400, 'The message is too long');
  const sent = context.chat.say({
    broadcaster: broadcasterId,
    chatter: senderId,
    text: message,
    via: 'helix',
  });
  return { body: { data: [{ message_id: sent.messageId, is_sent: true }] } };
}

/** Get Chatters and Send Chat Message. */
export const chatRoutes: readonly HelixRoute[] = [
  {
    method: 'GET',
    path: 'chat/chatters',
    scopes: ['moderator:read:chatters'],
    userToken: true,
    handler: getChatters,
  },
  {
    method: 'POST',
    path: 'chat/messages',
    scopes: ['user:write:chat'],
    userToken: true,
    handler: sendChatMessage,
  },
];
