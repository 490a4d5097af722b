import type { FakeChannel, FakeSubscription } from './fake-channel.ts';
import { type FakeAccount, twitchTimestamp } from './viewer-population.ts';

/** A `data` entry of Get Users. */
export interface HelixUserBody {
  id: string;
  login: string;
  display_name: string;
  type: '';
  broadcaster_type: string;
  description: string;
  profile_image_url: string;
  offline_image_url: string;
  view_count: number;
  created_at: string;
  email?: string;
}

/** A `data` entry of Get Chatters, Get VIPs and Get Moderators. */
export interface HelixUserRefBody {
  user_id: string;
  user_login: string;
  user_name: string;
}

/** A `data` entry of Get Channel Followers. */
export interface HelixFollowerBody extends HelixUserRefBody {
  followed_at: string;
}

/** A `data` entry of Get Streams. */
export interface HelixStreamBody {
  id: string;
  user_id: string;
  user_login: string;
  user_name: string;
  game_id: string;
  game_name: string;
  type: 'live';
  title: string;
  tags: string[];
  viewer_count: number;
  started_at: string;
  language: string;
  thumbnail_url: string;
  tag_ids: string[];
  is_mature: boolean;
}

/** A `data` entry of Get Broadcaster Subscriptions. */
export interface HelixSubscriptionBody {
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
  gifter_id: string;
  gifter_login: string;
  gifter_name: string;
  is_gift: boolean;
  plan_name: string;
  tier: string;
  user_id: string;
  user_login: string;
  user_name: string;
}

/** Get Users' shape of an account; avatars are served by the fake itself, so nothing leaves the machine. */
export function userBody(account: FakeAccount, baseUrl: string, email?: string): HelixUserBody {
  return {
    id: account.id,
    login: account.login,
    display_name: account.displayName,
    type: '',
    broadcaster_type: account.broadcasterType,
    description: account.description,
    profile_image_url: `${baseUrl}/avatars/${account.login}.svg`,
    offline_image_url: '',
    view_count: 0,
    created_at: account.createdAt,
    ...(email === undefined ? {} : { email }),
  };
}

/** The `{user_id, user_login, user_name}` triple; an undefined account is the empty entry of the old bug. */
export function userRefBody(account: FakeAccount | undefined): HelixUserRefBody {
  return {
    user_id: account?.id ?? '',
    user_login: account?.login ?? '',
    user_name: account?.displayName ?? '',
  };
}

/** Get Channel Followers' shape of one follow. */
export function followerBody(account: FakeAccount, followedAt: number): HelixFollowerBody {
  return { ...userRefBody(account), followed_at: twitchTimestamp(followedAt) };
}

/** Get Streams' shape of a live channel. */
export function streamBody(channel: FakeChannel): HelixStreamBody | undefined {
  const { stream, broadcaster } = channel;
  if (!stream) return undefined;
  return {
    id: stream.id,
    user_id: broadcaster.id,
    user_login: broadcaster.login,
    user_name: broadcaster.displayName,
    game_id: stream.gameId,
    game_name: stream.gameName,
    type: 'live',
    title: stream.title,
    tags: [...stream.tags],
    // Roughly three viewers per chatter: most people watch without joining chat.
    viewer_count: channel.chatterIds.length * 3,
    started_at: stream.startedAt,
    language: stream.language,
    thumbnail_url: '',
    tag_ids: [],
    is_mature: false,
  };
}

/** Get Broadcaster Subscriptions' shape of one subscription. */
export function subscriptionBody(
  channel: FakeChannel,
  subscription: FakeSubscription,
  find: (id: string) => FakeAccount | undefined,
): HelixSubscriptionBody {
  const user = userRefBody(find(subscription.userId));
  const gifter = subscription.gifterId === null ? undefined : userRefBody(find(subscription.gifterId));
  const { broadcaster } = channel;
  const planNames = {
    '1000': 'Channel Subscription',
    '2000': 'Channel Subscription (Tier 2)',
    '3000': 'Channel Subscription (Tier 3)',
  };
  return {
    broadcaster_id: broadcaster.id,
    broadcaster_login: broadcaster.login,
    broadcaster_name: broadcaster.displayName,
    gifter_id: gifter?.user_id ?? '',
    gifter_login: gifter?.user_login ?? '',
    gifter_name: gifter?.user_name ?? '',
    is_gift: gifter !== undefined,
    plan_name: `${planNames[subscription.tier]} (${broadcaster.login})`,
    tier: subscription.tier,
    ...user,
  };
}
