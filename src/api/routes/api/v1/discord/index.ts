import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../../../services.ts';
import { guildRoutes } from './guild.ts';
import { discordLinkRoutes } from './link.ts';
import { discordPrizeRoutes } from './prizes.ts';

/**
 * Everything under /api/v1/discord: a server's link (guild.ts), minting its connect link (link.ts), and the
 * viewers' account links and prize deliveries (prizes.ts).
 */
export function discordRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    await app.register(guildRoutes(services));
    await app.register(discordPrizeRoutes(services));
    if (services.twitchConnect) await app.register(discordLinkRoutes(services.twitchConnect));
  };
}
