import { requireParam } from './helix-paging.ts';
import type { HelixCall, HelixRoute } from './helix-routes.ts';
import { jsonBody, TwitchHttpError } from './http-io.ts';

const MAX_TOTAL_COST = 10;

function stringRecord(value: unknown, name: string): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new TwitchHttpError(400, `Missing required parameter "${name}"`);
  }
  const entries = Object.entries(value).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return Object.fromEntries(entries);
}

// channel.chat.message v1 needs user:read:chat from the reading user, who is the token's user
// (https://dev.twitch.tv/docs/eventsub/eventsub-subscription-types/#channelchatmessage).
function checkChatMessageCondition(
  { context, caller }: HelixCall,
  version: string,
  condition: Record<string, string>,
) {
  if (version !== '1') throw new TwitchHttpError(400, 'unsupported version for channel.chat.message');
  const broadcasterId = condition.broadcaster_user_id;
  if (!broadcasterId || !condition.user_id) throw new TwitchHttpError(400, 'invalid condition');
  if (!context.world.findChannel(broadcasterId))
    throw new TwitchHttpError(400, 'invalid condition: unknown broadcaster');
  if (condition.user_id !== caller.userId || !caller.token.scopes.includes('user:read:chat')) {
    throw new TwitchHttpError(403, 'subscription missing proper authorization');
  }
}

/** Create EventSub Subscription, WebSocket transport only (which needs a user token): 202 echoing the request. */
function createSubscription(call: HelixCall) {
  const { context, request, caller } = call;
  const body = jsonBody(request);
  const { type, version } = body;
  if (typeof type !== 'string' || typeof version !== 'string')
    throw new TwitchHttpError(400, 'missing type or version');
  const condition = stringRecord(body.condition, 'condition');
  const transport = stringRecord(body.transport, 'transport');
  if (transport.method !== 'websocket')
    throw new TwitchHttpError(400, 'the fake Twitch serves the websocket transport only');
  if (caller.userId === null) throw new TwitchHttpError(400, 'invalid transport and auth combination');
  const sessionId = transport.session_id ?? '';
  if (context.eventSub.sessions.connectedAt(sessionId) === undefined) {
    throw new TwitchHttpError(400, 'websocket transport session does not exist or has already disconnected');
  }
  if (type === 'channel.chat.message') checkChatMessageCondition(call, version, condition);
  const clientId = caller.token.clientId;
  const created = context.eventSub.subscribe({
    clientId,
    userId: caller.userId,
    type,
    version,
    condition,
    sessionId,
  });
  if (created === 'duplicate') throw new TwitchHttpError(409, 'subscription already exists');
  const total = context.eventSub.subscriptions(clientId, caller.userId).length;
  return { status: 202, body: { data: [created], total, total_cost: 0, max_total_cost: MAX_TOTAL_COST } };
}

/** Get EventSub Subscriptions: the caller's own. */
function listSubscriptions({ context, caller }: HelixCall) {
  const data = context.eventSub.subscriptions(caller.token.clientId, caller.userId ?? undefined);
  return {
    body: { data, total: data.length, total_cost: 0, max_total_cost: MAX_TOTAL_COST, pagination: {} },
  };
}

/** Delete EventSub Subscription: 204, or 404 when the caller's client has no such subscription. */
function deleteSubscription({ context, request, caller }: HelixCall) {
  const id = requireParam(request.query, 'id');
  if (!context.eventSub.unsubscribe(id, caller.token.clientId))
    throw new TwitchHttpError(404, 'subscription not found');
  return {};
}

/** The EventSub subscription endpoints, served at `/eventsub/subscriptions` as in the Twitch CLI layout. */
export const eventSubRoutes: readonly HelixRoute[] = [
  { method: 'POST', path: 'eventsub/subscriptions', handler: createSubscription },
  { method: 'GET', path: 'eventsub/subscriptions', handler: listSubscriptions },
  { method: 'DELETE', path: 'eventsub/subscriptions', handler: deleteSubscription },
];
