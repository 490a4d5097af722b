import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { EventBus } from './event-bus.ts';

/**
 * The event bus of this process: through Redis when REDIS_URL is set (events reach every API replica),
 * else in process (SPEC §5). The caller closes it on shutdown. The Redis bus, and ioredis with it, is
 * loaded only when REDIS_URL is set: a process without Redis does not carry the client (SPEC §8).
 */
export async function createEventBus(config: Config, logger: Logger): Promise<EventBus> {
  if (!config.redisUrl) return new EventBus({ logger });
  const { host, port } = new URL(config.redisUrl);
  // Only the address: the URL may carry a password.
  logger.info({ redis: `${host}${port ? '' : ':6379'}` }, 'events fan out across API replicas through Redis');
  const { RedisEventBus } = await import('./redis-event-bus.ts');
  return new RedisEventBus({ url: config.redisUrl, logger });
}
