import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.ts';
import { DASHBOARD_COOKIE } from './dashboard-session.ts';

/**
 * The OpenAPI document (`/docs/json`) and Swagger UI (`/docs`), built from the routes' zod schemas.
 * Register before the routes: @fastify/swagger collects them as they are added. Not encapsulated.
 */
export function documentation(config: Config): FastifyPluginAsync {
  return fp(
    async (app) => {
      await app.register(swagger, {
        openapi: {
          info: {
            title: 'KinoYu API',
            version: '1',
            description:
              'Provably fair Twitch chat raffles. Errors are problem+json objects with a stable `code`.',
          },
          servers: [{ url: config.publicUrl }],
          components: {
            securitySchemes: {
              serviceToken: { type: 'http', scheme: 'bearer', description: 'API_TOKEN' },
              dashboardSession: {
                type: 'apiKey',
                in: 'cookie',
                name: DASHBOARD_COOKIE,
                description:
                  "The streamer's dashboard login: their own channel only; POST, PATCH and DELETE also need X-CSRF-Token (GET /auth/session)",
              },
            },
          },
        },
        transform: jsonSchemaTransform,
        // Puts the schemas with an id (Raffle, Session, Problem…) in components, where the routes refer to them.
        transformObject: jsonSchemaTransformObject,
      });
      await app.register(swaggerUi, { routePrefix: '/docs' });
    },
    { name: 'kinoyu-documentation' },
  );
}
