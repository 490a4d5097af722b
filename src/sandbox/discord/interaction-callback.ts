// The initial response to an interaction: once, within the deadline (Discord: 3 s), of a type that
// fits the interaction. https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
import { editMessage, LOADING_FLAG, postMessage } from './bot-messages.ts';
import type { FakeContext } from './context.ts';
import { DiscordHttpError, type RestRequest } from './http-io.ts';
import { callbackResponsePayload } from './interaction-payloads.external.ts';
import type { InteractionRecord } from './interactions.ts';
import { noContent, ok, type RouteResult } from './route.ts';
import type { MessageRecord } from './state.ts';

/** Interaction callback types. */
export const Callback = { Reply: 4, DeferReply: 5, DeferUpdate: 6, Update: 7, Modal: 9 } as const;

const ALLOWED = {
  command: [Callback.Reply, Callback.DeferReply, Callback.Modal],
  component: [Callback.Reply, Callback.DeferReply, Callback.DeferUpdate, Callback.Update, Callback.Modal],
  // A modal submit cannot answer with another modal.
  modal: [Callback.Reply, Callback.DeferReply, Callback.DeferUpdate, Callback.Update],
} as const;

/** The Discord error for an interaction that is unknown or whose deadline passed. */
export const unknownInteraction = () => new DiscordHttpError(404, 10062, 'Unknown interaction');

/** Accepts the first response, or throws what Discord answers to a late, repeated or wrong one. */
export function acknowledge(
  context: FakeContext,
  interaction: InteractionRecord | undefined,
  request: RestRequest,
): RouteResult {
  if (!interaction) throw unknownInteraction();
  if (interaction.acknowledged)
    throw new DiscordHttpError(400, 40060, 'Interaction has already been acknowledged.');
  if (Date.now() - interaction.dispatchedAt > context.interactionDeadlineMs) throw unknownInteraction();
  const type = Number(request.body?.type);
  if (!(ALLOWED[interaction.origin.kind] as readonly number[]).includes(type))
    throw new DiscordHttpError(400, 50035, 'Invalid Form Body');
  const message = apply(context, interaction, type, request);
  interaction.acknowledged = true;
  if (request.query.get('with_response') !== 'true') return noContent();
  return ok(callbackResponsePayload(context.state, interaction, type, message));
}

function apply(
  context: FakeContext,
  interaction: InteractionRecord,
  type: number,
  request: RestRequest,
): MessageRecord | undefined {
  const { origin } = interaction;
  const data = request.body?.data ?? {};
  if (type === Callback.Reply || type === Callback.DeferReply) {
    const deferred = type === Callback.DeferReply;
    const target = {
      channelId: origin.channelId,
      guildId: origin.guildId,
      authorId: context.state.botUser.id,
      interactionId: interaction.id,
      extraFlags: deferred ? LOADING_FLAG : 0,
    };
    // A deferred reply is a "thinking…" message; only its flags (ephemeral or not) count now.
    const message = postMessage(
      context,
      target,
      deferred ? { flags: data.flags } : data,
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
