// Interaction endpoints. discord.js calls them without Authorization: the token in the URL is the proof.

import type { FakeContext } from './context.ts';
import { DiscordHttpError, type RestRequest } from './http-io.ts';
import { acknowledge } from './interaction-callback.ts';
import {
  editWebhookMessage,
  followUp,
  isOriginal,
  webhookInteraction,
  webhookMessage,
} from './interaction-webhook.ts';
import type { InteractionRecord, InteractionResponse } from './interactions.ts';
import { messagePayload } from './payloads.external.ts';
import { noContent, ok, type Route, type RouteResult, route } from './route.ts';

type InteractionHandler = (context: FakeContext, params: string[], request: RestRequest) => RouteResult;

// Every answer is recorded on its interaction: in `responses` when accepted, in `refused` with
// Discord's error otherwise, so a test sees a late or repeated answer too.
function recorded(
  kind: (context: FakeContext, params: string[]) => InteractionResponse['kind'],
  find: (context: FakeContext, params: string[]) => InteractionRecord | undefined,
  handle: InteractionHandler,
): Route['handle'] {
  return (context, params, request) => {
    const interaction = find(context, params);
    const response = {
      kind: kind(context, params),
      body: request.body,
      at: Date.now(),
      ...(request.path.endsWith('/callback') && { type: Number(request.body?.type) }),
    };
    try {
      const result = handle(context, params, request);
      interaction?.responses.push(response);
      return result;
    } catch (error) {
      if (error instanceof DiscordHttpError)
        interaction?.refused.push({
          ...response,
          status: error.status,
          code: error.code,
          message: error.message,
        });
      throw error;
    } finally {
      context.waiters.notify();
    }
  };
}

const byToken = (context: FakeContext, [, token]: string[]) => context.interactions.byToken(token ?? '');
const always = (kind: InteractionResponse['kind']) => () => kind;
const editKind = (context: FakeContext, [, token, messageId]: string[]): InteractionResponse['kind'] => {
  const interaction = context.interactions.byToken(token ?? '');
  return interaction && isOriginal(interaction, messageId) ? 'edit_original' : 'edit_followup';
};

/** The callback, and the interaction webhook's original message and follow-ups. */
export const interactionRoutes: Route[] = [
  route(
    'POST',
    '/interactions/:interaction/:token/callback',
    recorded(
      always('callback'),
      (context, [id, token]) => context.interactions.find(id ?? '', token ?? ''),
      (context, [id, token], request) =>
        acknowledge(context, context.interactions.find(id ?? '', token ?? ''), request),
    ),
    false,
  ),
  route(
    'GET',
    '/webhooks/:application/:token/messages/:message',
    (context, [applicationId, token, messageId]) => {
      const interaction = webhookInteraction(context, applicationId, token);
      return ok(messagePayload(context.state, webhookMessage(context, interaction, messageId)));
    },
    false,
  ),
  route(
    'PATCH',
    '/webhooks/:application/:token/messages/:message',
    recorded(editKind, byToken, (context, [applicationId, token, messageId], request) => {
      const interaction = webhookInteraction(context, applicationId, token);
      const message = webhookMessage(context, interaction, messageId);
      return ok(
        messagePayload(context.state, editWebhookMessage(context, interaction, message, request.body)),
      );
    }),
    false,
  ),
  route(
    'DELETE',
    '/webhooks/:application/:token/messages/:message',
    recorded(always('delete'), byToken, (context, [applicationId, token, messageId]) => {
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
    recorded(always('followup'), byToken, (context, [applicationId, token], request) => {
      const message = followUp(context, webhookInteraction(context, applicationId, token), request);
      // Without ?wait=true Discord answers 204; discord.js always asks to wait.
      return request.query.get('wait') === 'true' ? ok(messagePayload(context.state, message)) : noContent();
    }),
    false,
  ),
];
