import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.ts';
import { DashboardLogin } from './dashboard-login.ts';
import { dashboardSessionRoutes } from './session.ts';
import { twitchAuthRoutes } from './twitch.ts';
import { viewerAuthRoutes } from './viewer.ts';

/**
 * Everything under /auth: the dashboard session (session.ts), the Twitch connect flow (twitch.ts) and the
 * viewers' sign-in of the claim page (viewer.ts).
 */
export function authRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(dashboardSessionRoutes(services));
    if (services.twitchConnect) {
      const dashboardLogin = new DashboardLogin({
        channels: services.channels,
        secureCookies: services.config.publicUrl.startsWith('https:'),
      });
      await app.register(twitchAuthRoutes(services.twitchConnect, dashboardLogin));
    }
    if (services.viewerLogin) await app.register(viewerAuthRoutes(services.viewerLogin));
  };
}
