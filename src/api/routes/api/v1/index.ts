import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../../services.ts';
import { channelRoutes } from './channels/index.ts';
import { discordRoutes } from './discord/index.ts';
import { eventRoutes } from './events.ts';
import { raffleRoutes } from './raffles.ts';
import { viewerRoutes } from './viewer.ts';

/**
 * Everything under /api/v1 (SPEC §7): each route declares its `config.access` (plugins/access.ts).
 * A folder registers under its own URL; a file's paths are relative to its folder's.
 */
export function apiV1Routes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(channelRoutes(services), { prefix: '/channels' });
    await app.register(discordRoutes(services), { prefix: '/discord' });
    await app.register(raffleRoutes(services));
    await app.register(eventRoutes(services));
    await app.register(viewerRoutes(services), { prefix: '/viewer' });
  };
}
