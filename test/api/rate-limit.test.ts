import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../src/api/plugins/error-handler.ts';
import { rateLimits } from '../../src/api/plugins/rate-limit.ts';
import { closedPort } from '../events/tcp-proxy.ts';
import { testConfig } from '../helpers/app.ts';
import { useWorld } from '../helpers/world.ts';

/** A bare app with the limiter and one limited route, `/limited`, of `max` requests a minute. */
async function limitedApp(options: { redisUrl?: string; redisPrefix?: string; max: number }) {
  const app = Fastify();
  registerErrorHandler(app);
  const config = testConfig(options.redisUrl ? { REDIS_URL: options.redisUrl } : {});
  await app.register(
    rateLimits(config, {
      limits: { '/limited': { max: options.max, timeWindowMs: 60_000 } },
      redisPrefix: options.redisPrefix,
    }),
  );
  app.get('/limited', async () => ({ ok: true }));
  app.get('/free', async () => ({ ok: true }));
  await app.ready();
  return app;
}

const get = (app: FastifyInstance, url: string) => app.inject({ method: 'GET', url });

describe('rate limits of the public routes', () => {
  const world = useWorld({ app: true });

  it('answers the 121st proof request of a minute with 429 problem+json and Retry-After', async () => {
    for (let request = 1; request <= 120; request += 1) {
      const response = await get(world.app, '/api/v1/raffles/999999/proof');
      expect(response.statusCode).toBe(404);
    }
    const refused = await get(world.app, '/api/v1/raffles/999999/proof');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Other routes keep their own way.
    expect((await get(world.app, '/healthz')).statusCode).toBe(200);
  });

  it('does not count the service token against the public budget', async () => {
    const limited = await limitedApp({ max: 1 });
    try {
      const asBot = { authorization: `Bearer ${testConfig().apiToken}` };
      const statuses = [];
      for (let request = 0; request < 3; request += 1) {
        statuses.push((await limited.inject({ method: 'GET', url: '/limited', headers: asBot })).statusCode);
      }
      const wrongToken = { authorization: 'Bearer not-the-token' };
      statuses.push(
        (await limited.inject({ method: 'GET', url: '/limited', headers: wrongToken })).statusCode,
      );
      statuses.push(
        (await limited.inject({ method: 'GET', url: '/limited', headers: wrongToken })).statusCode,
      );
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it('limits only the routes it names', async () => {
    const limited = await limitedApp({ max: 2 });
    try {
      const statuses = [];
      for (let request = 0; request < 3; request += 1) {
        statuses.push((await get(limited, '/limited')).statusCode, (await get(limited, '/free')).statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 200]);
    } finally {
      await limited.close();
    }
  });

  it('lets requests through when the Redis store cannot be reached', async () => {
    const limited = await limitedApp({ redisUrl: `redis://127.0.0.1:${await closedPort()}`, max: 1 });
    try {
      const statuses = [];
      for (let request = 0; request < 3; request += 1)
        statuses.push((await get(limited, '/limited')).statusCode);
      expect(statuses).toEqual([200, 200, 200]);
    } finally {
      await limited.close();
    }
  });

  // The Redis suite runs in CI (.ci/run sets TEST_REDIS_URL).
  it.runIf(process.env.TEST_REDIS_URL)('shares one budget across replicas through Redis', async () => {
    // This run's own counters (they expire with their window): parallel runs never share a budget.
    const redisPrefix = `kinoyu-test:${process.pid}:${Date.now()}:rate-limit:`;
    const replicas = [
      await limitedApp({ redisUrl: process.env.TEST_REDIS_URL, redisPrefix, max: 3 }),
      await limitedApp({ redisUrl: process.env.TEST_REDIS_URL, redisPrefix, max: 3 }),
    ];
    try {
      const statuses = [];
      for (let request = 0; request < 4; request += 1) {
        statuses.push((await get(replicas[request % 2] as FastifyInstance, '/limited')).statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      for (const replica of replicas) await replica.close();
    }
  });
});
