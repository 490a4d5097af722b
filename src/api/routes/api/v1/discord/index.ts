import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../../../services.ts';
import { guildRoutes } from './guild.ts';
import { discordLinkRoutes } from './link.ts';

/** Everything under /api/v1/discord: a server's link (guild.ts) and minting its connect link (link.ts). */
export function discordRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    await app.register(guildRoutes(services));
    if (services.twitchConnect) await app.register(discordLinkRoutes(services.twitchConnect));
  };
}
