import { randomBytes } from 'node:crypto';

// Discord's epoch (2015-01-01): a snowflake's top 42 bits are milliseconds since it, which discord.js
// reads back as `createdAt`. https://discord.com/developers/docs/reference#snowflakes
const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

/**
 * A new, unique, time-ordered Discord snowflake id; with `onShard`, one whose guild events go to that
 * shard (its milliseconds moved back to the nearest match: `(id >> 22) % count === shard`).
 */
export function nextSnowflake(onShard?: readonly [shard: number, count: number]): string {
  increment = (increment + 1n) & 0xfffn;
  let milliseconds = BigInt(Date.now()) - DISCORD_EPOCH;
  if (onShard) {
    const [shard, count] = onShard.map(BigInt) as [bigint, bigint];
    milliseconds -= (((milliseconds - shard) % count) + count) % count;
  }
  return ((milliseconds << 22n) | (1n << 17n) | increment).toString();
}

/** An opaque random token (interaction tokens, session ids). */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
