import { randomBytes } from 'node:crypto';

// Discord's epoch (2015-01-01): a snowflake's top 42 bits are milliseconds since it, which discord.js
// reads back as `createdAt`. https://discord.com/developers/docs/reference#snowflakes
const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

/** A new, unique, time-ordered Discord snowflake id. */
export function nextSnowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  const milliseconds = BigInt(Date.now()) - DISCORD_EPOCH;
  return ((milliseconds << 22n) | (1n << 17n) | increment).toString();
}

/** An opaque random token (interaction tokens, session ids). */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
