import type { ServerResponse } from 'node:http';
import { eventSubRoutes } from './eventsub-routes.ts';
import type { FakeContext } from './fake-context.ts';
import { channelRoutes } from './helix-channel.ts';
import { chatRoutes } from './helix-chat.ts';
import { followerRoutes } from './helix-followers.ts';
import { type FakeRequest, sendError, sendJson, sendNoContent, TwitchHttpError } from './http-io.ts';
import type { AccessTokenRecord } from './oauth-grants.ts';

/** Who is calling Helix: the live token, and its user (null for an app token). */
export interface HelixCaller {
  readonly token: AccessTokenRecord;
  readonly userId: string | null;
}

/** What a Helix handler gets. */
export interface HelixCall {
  readonly context: FakeContext;
  readonly request: FakeRequest;
  readonly caller: HelixCaller;
}

/** A Helix handler's answer: a status (200 by default) and a JSON body (none = 204). */
export interface HelixAnswer {
  readonly status?: number;
  readonly body?: unknown;
}

/** One Helix endpoint: its path as twurple names it (`chat/chatters`), the scopes it accepts, its handler. */
export interface HelixRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  /** Any one of these scopes is enough; absent = none needed. */
  readonly scopes?: readonly string[];
  /** Refuses app tokens. */
  readonly userToken?: boolean;
  readonly handler: (call: HelixCall) => HelixAnswer;
}

const ROUTES: readonly HelixRoute[] = [...channelRoutes, ...followerRoutes, ...chatRoutes, ...eventSubRoutes];

/** The Helix path of a request, or undefined: `/mock/<path>`, and `/eventsub/subscriptions` at the root. */
function helixPath(path: string): string | undefined {
  if (path.startsWith('/mock/')) return path.slice('/mock/'.length);
  if (path === '/eventsub/subscriptions') return 'eventsub/subscriptions';
  return undefined;
}

/** Serves Helix; false when the path is not a Helix path. */
export function handleHelix(context: FakeContext, request: FakeRequest, response: ServerResponse): boolean {
  const path = helixPath(request.path);
  if (path === undefined) return false;
  const route = ROUTES.find((candidate) => candidate.path === path && candidate.method === request.method);
  if (!route) {
    sendError(
      response,
      new TwitchHttpError(404, `${request.method} ${path} is not served by the fake Twitch`),
    );
    return true;
  }
  const caller = authenticate(context, request);
  const bucket = context.buckets.take(`${caller.token.clientId}:${caller.userId ?? 'app'}`);
  response.setHeader('Ratelimit-Limit', bucket.limit);
  response.setHeader('Ratelimit-Remaining', bucket.remaining);
  response.setHeader('Ratelimit-Reset', bucket.reset);
  if (!bucket.allowed) throw new TwitchHttpError(429, 'Too Many Requests');
  if (route.userToken && caller.userId === null)
    throw new TwitchHttpError(401, 'This endpoint requires a user access token');
  if (route.scopes && !route.scopes.some((scope) => caller.token.scopes.includes(scope))) {
    throw new TwitchHttpError(401, `Missing scope: ${route.scopes.join(' or ')}`);
  }
  const answer = route.handler({ context, request, caller });
  if (answer.body === undefined) sendNoContent(response);
  else sendJson(response, answer.status ?? 200, answer.body);
  return true;
}

// Every Helix call needs `Client-Id` and `Authorization: Bearer`, and the token must belong to that client
// (https://dev.twitch.tv/docs/api/guide/).
function authenticate(context: FakeContext, request: FakeRequest): HelixCaller {
  const clientId = request.headers['client-id'];
  const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
  if (!match?.[1]) throw new TwitchHttpError(401, 'OAuth token is missing');
  if (typeof clientId !== 'string' || clientId.length < 30)
    throw new TwitchHttpError(401, 'Client ID is missing');
  const token = context.grants.liveAccessToken(match[1]);
  if (!token) throw new TwitchHttpError(401, 'Invalid OAuth token');
  if (token.clientId !== clientId) throw new TwitchHttpError(401, 'Client ID and OAuth token do not match');
  return { token, userId: token.userId };
}
