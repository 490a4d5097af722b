import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { OverlayKeyRepository } from '../channels/overlay-key-repository.ts';
import { webRoutes } from '../web/web-routes.ts';
import { DashboardLogin } from './dashboard-login.ts';
import { accessControl } from './plugins/access.ts';
import { dashboardSessions } from './plugins/dashboard-session.ts';
import { documentation } from './plugins/documentation.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { rateLimits } from './plugins/rate-limit.ts';
import { channelRoutes } from './routes/channels.ts';
import { dashboardAuthRoutes } from './routes/dashboard-auth.ts';
import { discordRoutes } from './routes/discord.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { itemRoutes } from './routes/items.ts';
import { overlayKeyRoutes } from './routes/overlay-key.ts';
import { proofRoutes } from './routes/proof.ts';
import { raffleRoutes } from './routes/raffles.ts';
import { sessionRoutes } from './routes/session.ts';
import { twitchAuthRoutes } from './routes/twitch-auth.ts';
import { twitchConnectionRoutes } from './routes/twitch-connection.ts';
import type { Services } from './services.ts';

/**
 * Builds the API as a Fastify instance that never listens: main.ts listens, tests use inject().
 * Plugins load in a fixed order: documentation, error handling, then routes.
 */
export async function buildApp(services: Services, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Large chatter lists come in the body of a draw until Twitch fills them in (its own limit).
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(documentation(services.config));
  registerErrorHandler(app);
  await app.register(rateLimits(services.config));
  await app.register(dashboardSessions(services.config));
  await app.register(accessControl, {
    apiToken: services.config.apiToken,
    channels: services.channels,
    discordLinks: services.discordLinks,
    raffleRepository: services.raffleRepository,
    overlayKeys: new OverlayKeyRepository(services.database.db),
  });
  await app.register(healthRoutes(services));
  await app.register(channelRoutes(services), { prefix: '/api/v1' });
  await app.register(discordRoutes(services), { prefix: '/api/v1' });
  await app.register(itemRoutes(services), { prefix: '/api/v1' });
  await app.register(sessionRoutes(services), { prefix: '/api/v1' });
  await app.register(raffleRoutes(services), { prefix: '/api/v1' });
  await app.register(proofRoutes(services), { prefix: '/api/v1' });
  await app.register(eventRoutes(services), { prefix: '/api/v1' });
  if (services.twitchDisconnect)
    await app.register(twitchConnectionRoutes(services.twitchDisconnect), { prefix: '/api/v1' });
  await app.register(overlayKeyRoutes(services), { prefix: '/api/v1' });
  await app.register(dashboardAuthRoutes(services));
  await app.register(webRoutes(services));
  if (services.twitchConnect) {
    const dashboardLogin = new DashboardLogin({
      channels: services.channels,
      secureCookies: services.config.publicUrl.startsWith('https:'),
    });
    await app.register(twitchAuthRoutes(services.twitchConnect, dashboardLogin));
  }
  return app;
}
