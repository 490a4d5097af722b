import { paginate, paginationBody, requireParam } from './helix-paging.ts';
import { followerBody } from './helix-payloads.external.ts';
import type { HelixCall, HelixRoute } from './helix-routes.ts';
import { TwitchHttpError } from './http-io.ts';

const FOLLOWERS_SCOPE = 'moderator:read:followers';

/**
 * Get Channel Followers (https://dev.twitch.tv/docs/api/reference/#get-channel-followers): newest first,
 * `first` up to 100 (default 20), or with `user_id` that one follow or nothing. The list is given only
 * to a token with `moderator:read:followers` of the broadcaster or one of their moderators. Anyone else
 * gets the total alone, and a 410 when asking about one user, as Twitch answers since September 2023 so
 * that an empty list is never mistaken for "does not follow".
 */
function getChannelFollowers({ context, request, caller }: HelixCall) {
  const broadcasterId = requireParam(request.query, 'broadcaster_id');
  const channel = context.world.findChannel(broadcasterId);
  if (!channel || channel.broadcaster.id !== broadcasterId)
    throw new TwitchHttpError(400, 'The ID in broadcaster_id is not valid');
  const followers = context.world.followersOf(broadcasterId);
  const userId = request.query.get('user_id');
  const allowed =
    caller.token.scopes.includes(FOLLOWERS_SCOPE) &&
    caller.userId !== null &&
    (caller.userId === broadcasterId || channel.moderators.has(caller.userId));
  if (!allowed) {
    if (userId !== null) {
      throw new TwitchHttpError(
        410,
        `Checking one user needs a token with ${FOLLOWERS_SCOPE} of the broadcaster or one of their moderators`,
      );
    }
    return { body: { total: followers.length, data: [], pagination: {} } };
  }
  if (userId !== null) {
    const account = context.world.findById(userId);
    const followedAt = account ? context.world.followedAt(broadcasterId, account.id) : null;
    const data = account && followedAt !== null ? [followerBody(account, followedAt)] : [];
    return { body: { total: followers.length, data, pagination: {} } };
  }
  const page = paginate(followers, request.query, 100, 20);
  return {
    body: {
      total: followers.length,
      data: page.items.map((follower) => followerBody(follower.account, follower.followedAt)),
      pagination: paginationBody(page),
    },
  };
}

/** Get Channel Followers; it checks its scope itself, since a missing one changes the answer. */
export const followerRoutes: readonly HelixRoute[] = [
  { method: 'GET', path: 'channels/followers', userToken: true, handler: getChannelFollowers },
];
