// The interaction webhook: `@original` and follow-ups, usable once the interaction was acknowledged
// and for 15 minutes. https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages
import { editMessage, LOADING_FLAG, postMessage } from './bot-messages.ts';
import type { FakeContext } from './context.ts';
import { DiscordHttpError, type RestRequest } from './http-io.ts';
import type { InteractionRecord } from './interactions.ts';
import type { MessageRecord } from './state.ts';

const WEBHOOK_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** The interaction behind a webhook token, or Discord's error for an unusable one. */
export function webhookInteraction(context: FakeContext, applicationId = '', token = ''): InteractionRecord {
  const interaction = context.interactions.byToken(token);
  if (!interaction || applicationId !== context.applicationId || !interaction.acknowledged)
    throw new DiscordHttpError(404, 10015, 'Unknown Webhook');
  if (Date.now() - interaction.dispatchedAt > WEBHOOK_TOKEN_LIFETIME_MS)
    throw new DiscordHttpError(401, 50027, 'Invalid Webhook Token');
  return interaction;
}

/** Whether a webhook message id names the original response. */
export function isOriginal(interaction: InteractionRecord, messageId = ''): boolean {
  return messageId === '@original' || messageId === interaction.originalMessageId;
}

/** `@original` or one of the interaction's follow-ups. */
export function webhookMessage(
  context: FakeContext,
  interaction: InteractionRecord,
  messageId = '',
): MessageRecord {
  const id = messageId === '@original' ? interaction.originalMessageId : messageId;
  const message = id ? context.state.messages.get(id) : undefined;
  const belongs =
    message && (message.id === interaction.originalMessageId || message.interactionId === interaction.id);
  if (!message || message.deleted || !belongs) throw new DiscordHttpError(404, 10008, 'Unknown Message');
  return message;
}

/** Edits a webhook message; editing the "thinking…" reply turns it into the answer. */
export function editWebhookMessage(
  context: FakeContext,
  interaction: InteractionRecord,
  message: MessageRecord,
  body: unknown,
): MessageRecord {
  const wasLoading = message.id === interaction.originalMessageId && interaction.originalIsLoading;
  if (wasLoading) interaction.originalIsLoading = false;
  return editMessage(context, message, body, { markEdited: !wasLoading, clearFlags: LOADING_FLAG });
}

/** Posts a follow-up; the first one after a deferred reply replaces the "thinking…" message (reference §7.3). */
export function followUp(
  context: FakeContext,
  interaction: InteractionRecord,
  request: RestRequest,
): MessageRecord {
  const original = context.state.messages.get(interaction.originalMessageId ?? '');
  if (interaction.originalIsLoading && original)
    return editWebhookMessage(context, interaction, original, request.body);
  const { origin } = interaction;
  const target = {
    channelId: origin.channelId,
    guildId: origin.guildId,
    authorId: context.state.botUser.id,
    interactionId: interaction.id,
  };
  return postMessage(context, target, request.body, request.files);
}
