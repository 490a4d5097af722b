import type { FakeChannel } from './fake-channel.ts';
import { listParam, paginate, paginationBody, requireParam } from './helix-paging.ts';
import { streamBody, subscriptionBody, userBody, userRefBody } from './helix-payloads.external.ts';
import type { HelixCall, HelixRoute } from './helix-routes.ts';
import { TwitchHttpError } from './http-io.ts';

const TIER_POINTS = { '1000': 1, '2000': 2, '3000': 6 } as const;

/** The caller's own channel: these endpoints need `broadcaster_id` to be the token's user. */
function ownChannel({ context, request, caller }: HelixCall): FakeChannel {
  const broadcasterId = requireParam(request.query, 'broadcaster_id');
  if (broadcasterId !== caller.userId) {
    throw new TwitchHttpError(
      401,
      "The ID in broadcaster_id must match the user ID found in the request's OAuth token.",
    );
  }
  const channel = context.world.findChannel(broadcasterId);
  if (!channel) throw new TwitchHttpError(400, 'The broadcaster_id is not a channel of the fake Twitch');
  return channel;
}

/** Get Users: by `id` and `login` (100 at most together), or the token's user when neither is given. */
function getUsers({ context, request, caller }: HelixCall) {
  const { world } = context;
  const ids = listParam(request.query, 'id');
  const logins = listParam(request.query, 'login');
  if (ids.length + logins.length > 100) throw new TwitchHttpError(400, 'At most 100 ids and logins together');
  if (ids.length + logins.length === 0) {
    if (caller.userId === null)
      throw new TwitchHttpError(400, 'Provide an id or login with an app access token');
    ids.push(caller.userId);
  }
  const found = [...ids.map((id) => world.findById(id)), ...logins.map((login) => world.findByLogin(login))];
  const unique = [
    ...new Map(found.filter((account) => account !== undefined).map((a) => [a.id, a])).values(),
  ];
  const withEmail = caller.token.scopes.includes('user:read:email');
  const data = unique.map((account) =>
    userBody(
      account,
      context.baseUrl(),
      withEmail && account.id === caller.userId ? `${account.login}@sandbox.invalid` : undefined,
    ),
  );
  return { body: { data } };
}

/** Get Streams: live channels only (an empty `data` means offline), filtered by user id or login. */
function getStreams({ context, request }: HelixCall) {
  const ids = listParam(request.query, 'user_id');
  const logins = listParam(request.query, 'user_login').map((login) => login.toLowerCase());
  const filtered = ids.length + logins.length > 0;
  const live = context.world.channels.filter(
    (channel) =>
      channel.stream !== null &&
      (!filtered || ids.includes(channel.broadcaster.id) || logins.includes(channel.broadcaster.login)),
  );
  const page = paginate(live, request.query, 100, 20);
  return { body: { data: page.items.map(streamBody), pagination: paginationBody(page) } };
}

/** Get Broadcaster Subscriptions, with `total` and `points` (tier 1 = 1, tier 2 = 2, tier 3 = 6). */
function getSubscriptions(call: HelixCall) {
  const channel = ownChannel(call);
  const all = [...channel.subscriptions.values()];
  const userIds = listParam(call.request.query, 'user_id');
  const selected = userIds.length > 0 ? all.filter((sub) => userIds.includes(sub.userId)) : all;
  const page = userIds.length > 0 ? { items: selected } : paginate(selected, call.request.query, 100, 20);
  const find = (id: string) => call.context.world.findById(id);
  return {
    body: {
      data: page.items.map((subscription) => subscriptionBody(channel, subscription, find)),
      pagination: paginationBody(page),
      total: all.length,
      points: all.reduce((sum, subscription) => sum + TIER_POINTS[subscription.tier], 0),
    },
  };
}

/** Get VIPs and Get Moderators share a shape: a paged list of users, filterable by `user_id`. */
function roleList(select: (channel: FakeChannel) => ReadonlySet<string>) {
  return (call: HelixCall) => {
    const ids = [...select(ownChannel(call))];
    const userIds = listParam(call.request.query, 'user_id');
    const selected = userIds.length > 0 ? ids.filter((id) => userIds.includes(id)) : ids;
    const page = paginate(selected, call.request.query, 100, 20);
    const data = page.items.map((id) => userRefBody(call.context.world.findById(id)));
    return { body: { data, pagination: paginationBody(page) } };
  };
}

/** Users, streams, subscriptions, VIPs and moderators, with the scopes the real endpoints ask for. */
export const channelRoutes: readonly HelixRoute[] = [
  { method: 'GET', path: 'users', handler: getUsers },
  { method: 'GET', path: 'streams', handler: getStreams },
  {
    method: 'GET',
    path: 'subscriptions',
    scopes: ['channel:read:subscriptions'],
    userToken: true,
    handler: getSubscriptions,
  },
  {
    method: 'GET',
    path: 'channels/vips',
    scopes: ['channel:read:vips', 'channel:manage:vips'],
    userToken: true,
    handler: roleList((channel) => channel.vips),
  },
  {
    method: 'GET',
    path: 'moderation/moderators',
    scopes: ['moderation:read', 'channel:manage:moderators'],
    userToken: true,
    handler: roleList((channel) => channel.moderators),
  },
];
