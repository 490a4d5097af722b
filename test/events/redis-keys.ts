import { Redis } from 'ioredis';

/** Deletes the keys a test bus left under `prefixes` (its id sequence), so runs leave Redis as they found it. */
export async function deleteBusKeys(url: string, prefixes: readonly string[]): Promise<void> {
  if (prefixes.length === 0) return;
  const redis = new Redis(url);
  try {
    await redis.del(...prefixes.map((prefix) => `${prefix}events:last-id`));
  } finally {
    redis.disconnect();
  }
}
