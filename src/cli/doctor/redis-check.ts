import { Redis } from 'ioredis';
import type { Config } from '../../config/config.ts';
import { type CheckResult, failed, passed, reasonOf, redactedUrl } from './check.ts';

const TITLE = 'Redis';
const TIMEOUT_MS = 5000;

/** REDIS_URL answers PING; unset, the same roles are served in-process (SPEC §5). */
export async function checkRedis(config: Config): Promise<CheckResult> {
  if (!config.redisUrl)
    return passed(TITLE, 'not configured (REDIS_URL unset): caches and events stay in-process');
  const where = redactedUrl(config.redisUrl);
  // One attempt, no reconnecting, no queueing: the doctor wants the first answer, not a retry loop.
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    commandTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: unknown;
  redis.on('error', (error: unknown) => {
    lastError = error;
  });
  try {
    await redis.connect();
    const answer = await redis.ping();
    return passed(TITLE, `${where} answers PING (${answer})`);
  } catch (error) {
    return failed(TITLE, `${where} does not answer (${reasonOf(lastError ?? error)})`, {
      variable: 'REDIS_URL',
      advice: 'point it at a running Redis (redis://host:6379), or unset it to run without Redis',
    });
  } finally {
    redis.disconnect();
  }
}
