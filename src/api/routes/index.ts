import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../services.ts';
import { apiV1Routes } from './api/v1/index.ts';
import { authRoutes } from './auth/index.ts';
import { healthRoutes } from './health.ts';
import { metricsRoutes } from './metrics.ts';

/** Every route of the API; the folders under routes/ mirror the URLs, each registered under its own. */
export function routes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(healthRoutes(services));
    await app.register(metricsRoutes(services.config.metricsToken));
    await app.register(authRoutes(services), { prefix: '/auth' });
    await app.register(apiV1Routes(services), { prefix: '/api/v1' });
  };
}
