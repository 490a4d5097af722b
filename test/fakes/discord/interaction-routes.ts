// Interaction callbacks and the interaction webhook, with Discord's timing rules: the first response
// within 3 s, exactly once; the webhook token valid for 15 min after that.
// https://discord.com/developers/docs/interactions/receiving-and-responding
import { editMessage, postMessage } from './bot-messages.ts';
import type { FakeContext } from './context.ts';
import { DiscordHttpError, type RestRequest } from './http-io.ts';
import type { InteractionRecord, InteractionResponse } from './interactions.ts';
import { messagePayload } from './payloads.external.ts';
import { noContent, ok, type Route, type RouteResult, route } from './route.ts';
import type { MessageRecord } from './state.ts';

const Callback = { Reply: 4, DeferReply: 5, DeferUpdate: 6, Update: 7, Modal: 9 } as const;
const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const WEBHOOK_TOKEN_LIFETIME_MS = 15 * 60 * 1000;
const unknownInteraction = () => new DiscordHttpError(404, 10062, 'Unknown interaction');
const unknownWebhook = () => new DiscordHttpError(404, 10015, 'Unknown Webhook');

function record(
  interaction: InteractionRecord | undefined,
  response: Omit<InteractionResponse, 'at'>,
  error?: unknown,
) {
  if (!interaction) return;
  if (error instanceof DiscordHttpError)
    interaction.refused.push({
      ...response,
      at: Date.now(),
      status: error.status,
      code: error.code,
      message: error.message,
    });
  else interaction.responses.push({ ...response, at: Date.now() });
}

function callback(
  context: FakeContext,
  interaction: InteractionRecord | undefined,
  request: RestRequest,
): RouteResult {
  if (!interaction) throw unknownInteraction();
  if (interaction.acknowledged)
    throw new DiscordHttpError(400, 40060, 'Interaction has already been acknowledged.');
  if (Date.now() - interaction.dispatchedAt > context.interactionDeadlineMs) throw unknownInteraction();
  const type = Number(request.body?.type);
  const allowed: number[] =
    interaction.origin.kind === 'component'
      ? [4, 5, 6, 7, 9]
      : [Callback.Reply, Callback.DeferReply, Callback.Modal];
  if (!allowed.includes(type)) throw new DiscordHttpError(400, 50035, 'Invalid Form Body');
  const message = applyCallback(context, interaction, type, request);
  interaction.acknowledged = true;
  if (request.query.get('with_response') !== 'true') return noContent();
  return ok({
    interaction: {
      id: interaction.id,
      type: interaction.origin.kind === 'command' ? 2 : 3,
      response_message_id: message?.id,
      response_message_loading: type === Callback.DeferReply,
      response_message_ephemeral: ((message?.flags ?? 0) & EPHEMERAL) !== 0,
    },
    resource: { type, ...(message && { message: messagePayload(context.state, message) }) },
  });
}

function applyCallback(
  context: FakeContext,
  interaction: InteractionRecord,
  type: number,
  request: RestRequest,
) {
  const { origin } = interaction;
  const data = request.body?.data ?? {};
  const target = {
    channelId: origin.channelId,
    guildId: origin.guildId,
    authorId: context.state.botUser.id,
    interactionId: interaction.id,
  };
  if (type === Callback.Reply || type === Callback.DeferReply) {
    const deferred = type === Callback.DeferReply;
    const body = deferred ? { flags: data.flags } : data;
    const message = postMessage(
      context,
      { ...target, extraFlags: deferred ? LOADING : 0 },
      body,
      request.files,
      !deferred,
    );
    interaction.originalMessageId = message.id;
    interaction.originalIsLoading = deferred;
    return message;
  }
  if (type === Callback.DeferUpdate || type === Callback.Update) {
    const message = context.state.messages.get(origin.componentMessageId ?? '');
    if (!message) throw new DiscordHttpError(404, 10008, 'Unknown Message');
    interaction.originalMessageId = message.id;
    if (type === Callback.Update) editMessage(context, message, data, { markEdited: true });
    return message;
  }
  return undefined;
}

function webhookInteraction(context: FakeContext, applicationId = '', token = ''): InteractionRecord {
  const interaction = context.interactions.byToken(token);
  if (!interaction || applicationId !== context.applicationId || !interaction.acknowledged)
    throw unknownWebhook();
  if (Date.now() - interaction.dispatchedAt > WEBHOOK_TOKEN_LIFETIME_MS)
    throw new DiscordHttpError(401, 50027, 'Invalid Webhook Token');
  return interaction;
}

function webhookMessage(context: FakeContext, interaction: InteractionRecord, messageId = ''): MessageRecord {
  const id = messageId === '@original' ? interaction.originalMessageId : messageId;
  const message = id ? context.state.messages.get(id) : undefined;
  const belongs =
    message && (message.id === interaction.originalMessageId || message.interactionId === interaction.id);
  if (!message || message.deleted || !belongs) throw new DiscordHttpError(404, 10008, 'Unknown Message');
  return message;
}

function followUp(context: FakeContext, interaction: InteractionRecord, request: RestRequest): MessageRecord {
  const original = context.state.messages.get(interaction.originalMessageId ?? '');
  // The first follow-up after a deferred reply replaces the "thinking…" message (reference §7.3).
  if (interaction.originalIsLoading && original) {
    interaction.originalIsLoading = false;
    return editMessage(context, original, request.body, { markEdited: false, clearFlags: LOADING });
  }
  const { origin } = interaction;
  const target = {
    channelId: origin.channelId,
    guildId: origin.guildId,
    authorId: context.state.botUser.id,
    interactionId: interaction.id,
  };
  return postMessage(context, target, request.body, request.files);
}

// Every interaction answer is recorded on its interaction, accepted or refused.
function recorded(
  kind: InteractionResponse['kind'],
  find: (context: FakeContext, params: string[]) => InteractionRecord | undefined,
  handle: (
    context: FakeContext,
    interaction: InteractionRecord | undefined,
    request: RestRequest,
    params: string[],
  ) => RouteResult,
): Route['handle'] {
  return (context, params, request) => {
    const interaction = find(context, params);
    const response = {
      kind,
      body: request.body,
      ...(kind === 'callback' && { type: Number(request.body?.type) }),
    };
    try {
      const result = handle(context, interaction, request, params);
      record(interaction, response);
      context.waiters.notify();
      return result;
    } catch (error) {
      record(interaction, response, error);
      context.waiters.notify();
      throw error;
    }
  };
}

const byToken = (context: FakeContext, [, token]: string[]) => context.interactions.byToken(token ?? '');
const messageResult = (context: FakeContext, message: MessageRecord): RouteResult =>
  ok(messagePayload(context.state, message));
const isOriginal = (interaction: InteractionRecord, messageId = '') =>
  messageId === '@original' || messageId === interaction.originalMessageId;

/** The callback, and the interaction webhook's original message and follow-ups. */
export const interactionRoutes: Route[] = [
  route(
    'POST',
    '/interactions/:interaction/:token/callback',
    recorded(
      'callback',
      (context, [id, token]) => context.interactions.find(id ?? '', token ?? ''),
      (context, interaction, request) => callback(context, interaction, request),
    ),
    false,
  ),
  route(
    'GET',
    '/webhooks/:application/:token/messages/:message',
    (context, [applicationId, token, messageId]) =>
      messageResult(
        context,
        webhookMessage(context, webhookInteraction(context, applicationId, token), messageId),
      ),
    false,
  ),
  route(
    'PATCH',
    '/webhooks/:application/:token/messages/:message',
    (context, params, request) => {
      const interaction = context.interactions.byToken(params[1] ?? '');
      const kind = interaction && isOriginal(interaction, params[2]) ? 'edit_original' : 'edit_followup';
      return recorded(kind, byToken, (ctx, _found, req, [applicationId, token, messageId]) => {
        const owner = webhookInteraction(ctx, applicationId, token);
        const message = webhookMessage(ctx, owner, messageId);
        const wasLoading = message.id === owner.originalMessageId && owner.originalIsLoading;
        if (wasLoading) owner.originalIsLoading = false;
        editMessage(ctx, message, req.body, { markEdited: !wasLoading, clearFlags: LOADING });
        return messageResult(ctx, message);
      })(context, params, request);
    },
    false,
  ),
  route(
    'DELETE',
    '/webhooks/:application/:token/messages/:message',
    recorded('delete_original', byToken, (context, _found, _request, [applicationId, token, messageId]) => {
      const message = webhookMessage(context, webhookInteraction(context, applicationId, token), messageId);
      message.deleted = true;
      context.dispatcher.messageDelete(message);
      return noContent();
    }),
    false,
  ),
  route(
    'POST',
    '/webhooks/:application/:token',
    recorded('followup', byToken, (context, _found, request, [applicationId, token]) => {
      const message = followUp(context, webhookInteraction(context, applicationId, token), request);
      return request.query.get('wait') === 'true' ? messageResult(context, message) : noContent();
    }),
    false,
  ),
];
