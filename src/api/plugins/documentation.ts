import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.ts';
import { DASHBOARD_COOKIE } from './dashboard-session.ts';
import { VIEWER_COOKIE } from './viewer-session.ts';

const SWAGGER_UI_POLICY = [
  "default-src 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  // The one <style> swagger-ui-bundle.js injects (@fastify/swagger-ui 6.1); a new version that injects
  // another is caught by test/browser/page-policies.test.ts.
  "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
].join('; ');

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
              viewerSession: {
                type: 'apiKey',
                in: 'cookie',
                name: VIEWER_COOKIE,
                description:
                  'A viewer signed in with Twitch on the claim page (/auth/twitch/viewer/login): their own prizes only; POST also needs X-CSRF-Token (GET /api/v1/viewer/prizes)',
              },
            },
          },
        },
        transform: jsonSchemaTransform,
        // Puts the schemas with an id (Raffle, Session, Problem…) in components, where the routes refer to them.
        transformObject: jsonSchemaTransformObject,
      });
      await app.register(swaggerUi, {
        routePrefix: '/docs',
        // The docs page gets the headers of every other page (send-page.ts): no inline script, no
        // framing, no sniffing. Swagger UI loads only its own files, plus data: images for its icons.
        staticCSP: SWAGGER_UI_POLICY,
        uiHooks: {
          onRequest: (_request, reply, done) => {
            reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
            done();
          },
        },
      });
    },
    { name: 'kinoyu-documentation' },
  );
}
