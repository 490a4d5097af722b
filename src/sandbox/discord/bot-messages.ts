import type { FakeContext } from './context.ts';
import { checkMessageBody } from './message-limits.ts';
import type { DiscordJson } from './payloads.external.ts';
import { nextSnowflake } from './snowflake.ts';
import type { MessageRecord } from './state.ts';

/** Message flags. https://discord.com/developers/docs/resources/message#message-object-message-flags */
export const EPHEMERAL_FLAG = 1 << 6;
/** Set by Discord on a deferred reply while it shows "thinking…". */
export const LOADING_FLAG = 1 << 7;

/** Where a new message goes and what it answers. */
export interface MessageTarget {
  readonly channelId: string;
  readonly guildId: string | null;
  readonly authorId: string;
  readonly interactionId?: string;
  /** In a DM channel: the user it goes to. */
  readonly recipientId?: string;
  /** Flags Discord adds itself (LOADING for a deferred reply). */
  readonly extraFlags?: number;
}

/** Stores a message the bot posted (body as sent) and tells the gateway, unless it is ephemeral. */
export function postMessage(
  context: FakeContext,
  target: MessageTarget,
  body: DiscordJson,
  files: string[] = [],
  requireContent = true,
): MessageRecord {
  checkMessageBody(body, { requireContent, files: files.length });
  const flags = Number(body?.flags ?? 0) | (target.extraFlags ?? 0);
  const message: MessageRecord = {
    id: nextSnowflake(),
    channelId: target.channelId,
    guildId: target.guildId,
    authorId: target.authorId,
    timestamp: new Date().toISOString(),
    content: body?.content ?? '',
    embeds: body?.embeds ?? [],
    components: body?.components ?? [],
    allowedMentions: body?.allowed_mentions,
    ...(flags !== 0 && { flags }),
    editedAt: null,
    ...(body?.message_reference && { messageReference: body.message_reference }),
    attachments: files.map((filename) => ({ id: nextSnowflake(), filename })),
    ...(target.interactionId && { interactionId: target.interactionId }),
    ...(target.recipientId && { recipientId: target.recipientId }),
    deleted: false,
  };
  context.state.messages.set(message.id, message);
  if ((flags & EPHEMERAL_FLAG) === 0) context.dispatcher.message('MESSAGE_CREATE', message);
  context.waiters.notify();
  return message;
}

/** Applies an edit (only the fields present in the body change), as PATCH does. */
export function editMessage(
  context: FakeContext,
  message: MessageRecord,
  body: DiscordJson,
  options: { markEdited: boolean; clearFlags?: number },
): MessageRecord {
  checkMessageBody(body, { requireContent: false, files: 0 });
  if (body && 'content' in body) message.content = body.content ?? '';
  if (body && 'embeds' in body) message.embeds = body.embeds ?? [];
  if (body && 'components' in body) message.components = body.components ?? [];
  if (body && 'allowed_mentions' in body) message.allowedMentions = body.allowed_mentions;
  if (options.clearFlags && message.flags !== undefined) message.flags &= ~options.clearFlags;
  if (options.markEdited) message.editedAt = new Date().toISOString();
  if (((message.flags ?? 0) & EPHEMERAL_FLAG) === 0) context.dispatcher.message('MESSAGE_UPDATE', message);
  context.waiters.notify();
  return message;
}
