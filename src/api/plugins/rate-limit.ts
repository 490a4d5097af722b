import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config/config.ts';
import { AppError } from '../../errors.ts';
import { sameSecret } from '../../security/constant-time.ts';

/** A budget of requests per client address and window. */
export interface RouteLimit {
  readonly max: number;
  readonly timeWindowMs: number;
}

/**
 * The public routes and their budgets per client address. A proof page loads its proof once, so 120 a
 * minute leaves room for a crowd behind one address; a login is a person clicking.
 */
export const PUBLIC_ROUTE_LIMITS: Readonly<Record<string, RouteLimit>> = {
  '/api/v1/raffles/:id/proof': { max: 120, timeWindowMs: 60_000 },
  '/auth/twitch/login': { max: 30, timeWindowMs: 60_000 },
};

export interface RateLimitOptions {
  readonly limits?: Readonly<Record<string, RouteLimit>>;
  /** Prefix of the counters in Redis; replicas that share budgets share it. */
  readonly redisPrefix?: string;
}

/**
 * Rate limits of the public routes (@fastify/rate-limit), counted in Redis when REDIS_URL is set, so all
 * replicas share one budget per client, else in process (SPEC §5). Register before the routes: it marks
 * them as they are added. Over budget is a 429 problem+json `rate_limited` with Retry-After. When Redis
 * fails, requests pass: a limiter outage must not take the proof pages down.
 */
export function rateLimits(config: Config, options: RateLimitOptions = {}): FastifyPluginAsync {
  const limits = options.limits ?? PUBLIC_ROUTE_LIMITS;
  return fp(async (app) => {
    app.addHook('onRoute', (route) => {
      const limit = limits[route.url];
      if (!limit) return;
      route.config = { ...route.config, rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } };
    });

    // No offline queue: while Redis is away a count fails at once (and the request passes) instead of
    // waiting for it. ioredis is loaded only when there is a Redis to count in.
    const redis =
      config.redisUrl === undefined
        ? undefined
        : new (await import('ioredis')).Redis(config.redisUrl, {
            enableOfflineQueue: false,
            maxRetriesPerRequest: 1,
          });
    redis?.on('error', (error: Error) => app.log.debug({ err: error }, 'rate limit store: Redis error'));
    // Boot waits for the first connection attempt, so counting starts with the first request when Redis
    // is there; a Redis that refuses only costs that one attempt.
    if (redis) await new Promise((settle) => redis.once('ready', settle).once('error', settle));
    app.addHook('onClose', async () => {
      if (redis?.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis?.disconnect();
    });

    await app.register(rateLimit, {
      global: false,
      redis,
      nameSpace: options.redisPrefix ?? 'kinoyu:rate-limit:',
      skipOnError: true,
      // The service token (the bot, scripts, the operator's tools) may already do everything: its calls
      // are not counted against the public budget of the address they come from.
      allowList: (request) => {
        const header = request.headers.authorization;
        return typeof header === 'string' && sameSecret(header, `Bearer ${config.apiToken}`);
      },
      errorResponseBuilder: (_request, context) =>
        new AppError(429, 'rate_limited', `Too many requests: try again in ${context.after}.`, {
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        }),
    });
  });
}
