// Which shard of a sharded bot gets which guild's events.
// https://discord.com/developers/docs/events/gateway#sharding
import type { DiscordJson } from './payloads.external.ts';

/** `[shard_id, num_shards]`, as sent in IDENTIFY; `[0, 1]` for an unsharded bot. */
export type ShardSpec = readonly [id: number, count: number];

export const UNSHARDED: ShardSpec = [0, 1];

/** Discord's rule: `shard_id = (guild_id >> 22) % num_shards`. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Whether a session on `shard` gets an event of this guild; events outside any guild (DMs) go to shard 0. */
export function shardHolds(shard: ShardSpec, guildId: string | null): boolean {
  const [id, count] = shard;
  if (count <= 1) return true;
  return guildId === null ? id === 0 : shardOfGuild(guildId, count) === id;
}

/** The guild a dispatch is about: GUILD_CREATE's own id, else its `guild_id`; null outside guilds. */
export function guildOfDispatch(t: string, d: DiscordJson): string | null {
  const id = t === 'GUILD_CREATE' ? d?.id : d?.guild_id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** The IDENTIFY `shard` field, or undefined when it is malformed (Discord closes with 4010). */
export function parseShard(value: unknown): ShardSpec | undefined {
  if (value === undefined || value === null) return UNSHARDED;
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const id = Number(value[0]);
  const count = Number(value[1]);
  if (!Number.isInteger(id) || !Number.isInteger(count) || count < 1 || id < 0 || id >= count)
    return undefined;
  return [id, count];
}
