import type { FakeChannel } from './fake-channel.ts';
import { hashString } from './random.ts';
import type { FakeAccount } from './viewer-population.ts';

/** An EventSub subscription as Helix and the WebSocket frames show it. */
export interface EventSubSubscriptionBody {
  id: string;
  status: 'enabled';
  type: string;
  version: string;
  condition: Record<string, string>;
  created_at: string;
  transport: { method: 'websocket'; session_id: string; connected_at?: string };
  cost: number;
}

/** The `session` object of welcome and reconnect frames. */
export interface SessionBody {
  id: string;
  status: 'connected' | 'reconnecting';
  connected_at: string;
  keepalive_timeout_seconds: number | null;
  reconnect_url: string | null;
  recovery_url: null;
}

/** A `channel.chat.message` v1 event. */
export interface ChatMessageEventBody {
  broadcaster_user_id: string;
  broadcaster_user_login: string;
  broadcaster_user_name: string;
  chatter_user_id: string;
  chatter_user_login: string;
  chatter_user_name: string;
  message_id: string;
  message: {
    text: string;
    fragments: Array<{ type: 'text'; text: string; cheermote: null; emote: null; mention: null }>;
  };
  message_type: 'text';
  badges: Array<{ set_id: string; id: string; info: string }>;
  cheer: null;
  color: string;
  reply: null;
  channel_points_custom_reward_id: null;
  source_broadcaster_user_id: null;
  source_broadcaster_user_login: null;
  source_broadcaster_user_name: null;
  source_message_id: null;
  source_badges: null;
  is_source_only: null;
}

/** Any frame the fake sends on `/ws`. */
export interface EventSubFrame {
  metadata: {
    message_id: string;
    message_type: 'session_welcome' | 'session_keepalive' | 'session_reconnect' | 'notification';
    message_timestamp: string;
    subscription_type?: string;
    subscription_version?: string;
  };
  payload: Record<string, unknown>;
}

const COLORS = ['#FF4500', '#1E90FF', '#9ACD32', '#DAA520', '#FF69B4', '#8A2BE2', '#00FF7F', '#B22222'];

/** A frame's metadata: a fresh message id and the current time. */
function metadata(messageType: EventSubFrame['metadata']['message_type']): EventSubFrame['metadata'] {
  return {
    message_id: crypto.randomUUID(),
    message_type: messageType,
    message_timestamp: new Date().toISOString(),
  };
}

/** `session_welcome` (or the welcome after a reconnect, same session id). */
export function welcomeFrame(session: SessionBody): EventSubFrame {
  return { metadata: metadata('session_welcome'), payload: { session } };
}

/** `session_keepalive`. */
export function keepaliveFrame(): EventSubFrame {
  return { metadata: metadata('session_keepalive'), payload: {} };
}

/** `session_reconnect`, pointing at the URL to connect to next. */
export function reconnectFrame(session: SessionBody): EventSubFrame {
  return { metadata: metadata('session_reconnect'), payload: { session } };
}

/** A `notification` frame for one subscription. */
export function notificationFrame(subscription: EventSubSubscriptionBody, event: object): EventSubFrame {
  return {
    metadata: {
      ...metadata('notification'),
      subscription_type: subscription.type,
      subscription_version: subscription.version,
    },
    payload: { subscription, event },
  };
}

/** A plain-text `channel.chat.message` event, with the badges Twitch would show for the chatter. */
export function chatMessageEvent(
  channel: FakeChannel,
  chatter: FakeAccount,
  text: string,
  messageId?: string,
) {
  const badges: ChatMessageEventBody['badges'] = [];
  if (chatter.id === channel.broadcaster.id) badges.push({ set_id: 'broadcaster', id: '1', info: '' });
  if (channel.moderators.has(chatter.id)) badges.push({ set_id: 'moderator', id: '1', info: '' });
  if (channel.vips.has(chatter.id)) badges.push({ set_id: 'vip', id: '1', info: '' });
  const subscription = channel.subscriptions.get(chatter.id);
  if (subscription)
    badges.push({
      set_id: 'subscriber',
      id: subscription.tier === '1000' ? '0' : subscription.tier,
      info: '1',
    });
  const event: ChatMessageEventBody = {
    broadcaster_user_id: channel.broadcaster.id,
    broadcaster_user_login: channel.broadcaster.login,
    broadcaster_user_name: channel.broadcaster.displayName,
    chatter_user_id: chatter.id,
    chatter_user_login: chatter.login,
    chatter_user_name: chatter.displayName,
    message_id: messageId ?? crypto.randomUUID(),
    message: { text, fragments: [{ type: 'text', text, cheermote: null, emote: null, mention: null }] },
    message_type: 'text',
    badges,
    cheer: null,
    color: COLORS[hashString(chatter.id) % COLORS.length] ?? '',
    reply: null,
    channel_points_custom_reward_id: null,
    source_broadcaster_user_id: null,
    source_broadcaster_user_login: null,
    source_broadcaster_user_name: null,
    source_message_id: null,
    source_badges: null,
    is_source_only: null,
  };
  return event;
}
