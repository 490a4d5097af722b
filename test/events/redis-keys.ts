import { Redis } from 'ioredis';

/**
 * Deletes the keys test buses left under `prefixes` (their id sequence, the announcements owed, and the
 * marks of those published as overdue), so runs leave Redis as they found it.
 */
export async function deleteBusKeys(url: string, prefixes: readonly string[]): Promise<void> {
  if (prefixes.length === 0) return;
  const redis = new Redis(url);
  try {
    const marks = await Promise.all(
      prefixes.map((prefix) =>
        redis.keys(`${prefix.replaceAll(/[*?[\]\\]/g, '\\$&')}announcements:overdue:*`),
      ),
    );
    await redis.del(
      ...prefixes.flatMap((prefix) => [
        `${prefix}events:last-id`,
        `${prefix}announcements:owed`,
        `${prefix}announcements:context`,
      ]),
      ...marks.flat(),
    );
  } finally {
    redis.disconnect();
  }
}
