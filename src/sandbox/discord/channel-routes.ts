// Channels and their messages. https://discord.com/developers/docs/resources/message
import { editMessage, postMessage } from './bot-messages.ts';
import type { FakeContext } from './context.ts';
import { DiscordHttpError } from './http-io.ts';
import { channelPayload, directChannelPayload, messagePayload } from './payloads.external.ts';
import { noContent, ok, type Route, route } from './route.ts';
import type { MessageRecord } from './state.ts';

const unknownChannel = () => new DiscordHttpError(404, 10003, 'Unknown Channel');
const unknownMessage = () => new DiscordHttpError(404, 10008, 'Unknown Message');

function channelOf(context: FakeContext, channelId = '') {
  const found = context.state.findChannel(channelId);
  if (!found) throw unknownChannel();
  return found;
}

/** A guild text channel or a DM channel, as a message's destination. */
function destinationOf(context: FakeContext, channelId = '') {
  const direct = context.state.directChannels.get(channelId);
  if (direct) return { id: direct.id, guildId: null, recipientId: direct.recipientId };
  const { guild, channel } = channelOf(context, channelId);
  return { id: channel.id, guildId: guild.id, recipientId: undefined };
}

function messageOf(context: FakeContext, channelId = '', messageId = ''): MessageRecord {
  channelOf(context, channelId);
  const message = context.state.findMessage(channelId, messageId);
  if (!message) throw unknownMessage();
  return message;
}

/** GET a channel (guild or DM); list, post, fetch, edit and delete its messages; typing; reactions. */
export const channelRoutes: Route[] = [
  route('GET', '/channels/:channel', (context, [channelId]) => {
    const direct = context.state.directChannels.get(channelId ?? '');
    return ok(
      direct
        ? directChannelPayload(context.state, direct)
        : channelPayload(channelOf(context, channelId).channel),
    );
  }),
  route('GET', '/channels/:channel/messages', (context, [channelId], request) => {
    channelOf(context, channelId);
    const limit = Math.min(Number(request.query.get('limit') ?? 50), 100);
    const newestFirst = [...context.state.messages.values()]
      .filter((message) => message.channelId === channelId && !message.deleted)
      .reverse()
      .slice(0, limit);
    return ok(newestFirst.map((message) => messagePayload(context.state, message)));
  }),
  route('POST', '/channels/:channel/messages', (context, [channelId], request) => {
    const destination = destinationOf(context, channelId);
    // A user whose privacy settings refuse DMs from server members (or who blocked the bot).
    if (destination.recipientId && context.state.refusingDirectMessages.has(destination.recipientId))
      throw new DiscordHttpError(403, 50007, 'Cannot send messages to this user');
    const reference = request.body?.message_reference;
    if (reference?.message_id && reference.fail_if_not_exists !== false)
      if (!context.state.findMessage(destination.id, reference.message_id))
        throw new DiscordHttpError(400, 50035, 'Invalid Form Body', {
          message_reference: {
            _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }],
          },
        });
    const target = {
      channelId: destination.id,
      guildId: destination.guildId,
      authorId: context.state.botUser.id,
      recipientId: destination.recipientId,
    };
    const message = postMessage(context, target, request.body, request.files);
    return ok(messagePayload(context.state, message));
  }),
  route('GET', '/channels/:channel/messages/:message', (context, [channelId, messageId]) =>
    ok(messagePayload(context.state, messageOf(context, channelId, messageId))),
  ),
  route('PATCH', '/channels/:channel/messages/:message', (context, [channelId, messageId], request) => {
    const message = messageOf(context, channelId, messageId);
    if (message.authorId !== context.state.botUser.id)
      throw new DiscordHttpError(403, 50005, 'Cannot edit a message authored by another user');
    editMessage(context, message, request.body, { markEdited: true });
    return ok(messagePayload(context.state, message));
  }),
  route('DELETE', '/channels/:channel/messages/:message', (context, [channelId, messageId]) => {
    const message = messageOf(context, channelId, messageId);
    message.deleted = true;
    context.dispatcher.messageDelete(message);
    context.waiters.notify();
    return noContent();
  }),
  route('POST', '/channels/:channel/typing', (context, [channelId]) => {
    channelOf(context, channelId);
    return noContent();
  }),
  route(
    'PUT',
    '/channels/:channel/messages/:message/reactions/:emoji/@me',
    (context, [channelId, messageId]) => {
      messageOf(context, channelId, messageId);
      return noContent();
    },
  ),
];
