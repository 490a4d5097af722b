// Gateway payloads (READY, GUILD_CREATE, GUILD_MEMBERS_CHUNK) and the answer to gateway discovery.
// https://discord.com/developers/docs/events/gateway-events
import {
  channelPayload,
  type DiscordJson,
  guildPayload,
  memberPayload,
  userPayload,
} from './payloads.external.ts';
import { type ShardSpec, shardHolds } from './shards.ts';
import type { FakeState, GuildRecord } from './state.ts';

/** `GET /gateway/bot`: where to connect, the recommended shard count, a generous session start limit. */
export function gatewayBotPayload(url: string, shards: number): DiscordJson {
  return {
    url,
    shards,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
  };
}

/**
 * READY: the bot user, every guild of the session's shard as unavailable (GUILD_CREATE follows), the
 * session to resume.
 */
export function readyPayload(
  state: FakeState,
  session: { id: string; shard: ShardSpec },
  resumeUrl: string,
): DiscordJson {
  return {
    v: 10,
    user: { ...userPayload(state.botUser), verified: true, mfa_enabled: false, flags: 0 },
    guilds: [...state.guilds.keys()]
      .filter((id) => shardHolds(session.shard, id))
      .map((id) => ({ id, unavailable: true })),
    session_id: session.id,
    session_type: 'normal',
    resume_gateway_url: resumeUrl,
    application: { id: state.applicationId, flags: state.applicationFlags },
    shard: session.shard,
    private_channels: [],
    relationships: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
    user_settings: {},
    _trace: ['fake-discord'],
  };
}

/** `GET /applications/@me`. */
export function applicationPayload(state: FakeState): DiscordJson {
  return {
    id: state.applicationId,
    name: state.botUser.username,
    icon: null,
    description: '',
    bot_public: true,
    bot_require_code_grant: false,
    bot: userPayload(state.botUser),
    verify_key: '0'.repeat(64),
    flags: state.applicationFlags,
    owner: { id: '0', username: 'owner', discriminator: '0', avatar: null, global_name: null },
    team: null,
    approximate_guild_count: state.guilds.size,
  };
}

/** The GUILD_CREATE dispatch: the guild with its channels, members and `unavailable: false`. */
export function guildCreatePayload(state: FakeState, guild: GuildRecord, joinedAt: string): DiscordJson {
  return {
    ...guildPayload(guild),
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    channels: guild.channels.map(channelPayload),
    threads: [],
    members: [...guild.members.keys()].map((userId) => memberPayload(state, guild, userId)),
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** GUILD_MEMBERS_CHUNK for an op 8 request: the members asked for by id, or whose name starts with `query`. */
export function membersChunkPayload(state: FakeState, request: DiscordJson): DiscordJson | undefined {
  const guild = state.guilds.get(String(request?.guild_id));
  if (!guild) return undefined;
  const wanted: string[] | undefined = request.user_ids === undefined ? undefined : [request.user_ids].flat();
  const query = String(request.query ?? '').toLowerCase();
  const limit = Number(request.limit ?? 0) || Number.POSITIVE_INFINITY;
  const userIds = [...guild.members.keys()]
    .filter((userId) =>
      wanted ? wanted.includes(userId) : state.users.get(userId)?.username.toLowerCase().startsWith(query),
    )
    .slice(0, limit);
  return {
    guild_id: guild.id,
    members: userIds.map((userId) => memberPayload(state, guild, userId)),
    chunk_index: 0,
    chunk_count: 1,
    not_found: wanted?.filter((userId) => !guild.members.has(userId)) ?? [],
    ...(request.nonce !== undefined && { nonce: request.nonce }),
  };
}
