import { type Client, ShardClientUtil } from 'discord.js';

/**
 * Whether this client's shard(s) hold the guild: Discord sends a guild's events to shard
 * `(guild_id >> 22) % shard_count` only, so with several shards each posts only its own servers'
 * announcements (else every shard would post each one). An unsharded client holds every guild.
 * https://discord.com/developers/docs/events/gateway#sharding
 */
export function holdsGuild(client: Client, guildId: string): boolean {
  const { shards, shardCount } = client.options;
  if (!Array.isArray(shards) || shardCount === undefined || shardCount <= 1) return true;
  return shards.includes(ShardClientUtil.shardIdForGuildId(guildId, shardCount));
}
