import type { FastifyInstance } from 'fastify';
import { csrfTokenFor } from '../../../api/plugins/csrf.ts';
import { sendPage } from '../../server/send-page.ts';
import { languageOf, type WebContext } from '../../server/web-context.ts';
import { dashboardPage } from './dashboard-page.ts';
import { type TwitchMode, welcomePage } from './welcome-page.ts';

/** This server's Twitch, as the welcome page tells it (SPEC §5: the sandbox when there are no credentials). */
function twitchMode({ twitch }: WebContext['services']['config']): TwitchMode {
  if (twitch.mockUrl) return 'stand-in';
  return twitch.clientId ? 'twitch' : 'sandbox';
}

/** `GET /`: the welcome page, or the dashboard of the channel this browser is logged in to. */
export function dashboardPages(app: FastifyInstance, { services, assets }: WebContext): void {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const language = languageOf(request);
    const session = request.dashboardSession;
    const channel = session && (await services.channels.findById(session.channelId));
    // The page carries a CSRF token and the channel's state: never cached.
    reply.header('cache-control', 'no-store');
    // Absolute, on PUBLIC_URL: the cookie that binds the login to this browser is set on the host the
    // Twitch callback comes back to (a page opened as 127.0.0.1 would otherwise lose it on localhost).
    const loginUrl = `${services.config.publicUrl}/auth/twitch/login`;
    if (!session || !channel) {
      const mode = twitchMode(services.config);
      return sendPage(
        reply,
        welcomePage({ language, assets, requestUrl: request.url, twitchMode: mode, loginUrl }),
      );
    }
    const csrfToken = csrfTokenFor(session);
    return sendPage(
      reply,
      dashboardPage({ language, assets, requestUrl: request.url, channel, csrfToken, loginUrl }),
    );
  });
}
