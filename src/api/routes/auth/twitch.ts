import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { twitchCallbackQuerySchema, twitchLoginQuerySchema } from '../../../contract/connect.ts';
import { SignedTokenError } from '../../../security/signed-token.ts';
import type { TwitchConnectService } from '../../../twitch/connect-service.ts';
import { connectPage } from '../../../web/pages/connect/connect-page.ts';
import { loadWebAssets } from '../../../web/server/assets.ts';
import { pickLanguage } from '../../../web/server/language.ts';
import { sendPage } from '../../../web/server/send-page.ts';
import type { DashboardLogin } from './dashboard-login.ts';

/**
 * The Twitch connect flow (SPEC §2.1, §7), under /auth: `GET /twitch/login` redirects to Twitch (with the
 * `link` a Discord server minted, or a plain dashboard login), `GET /twitch/callback` shows the result.
 * Its pages go out through `sendPage`, with the security headers of every other page.
 */
export function twitchAuthRoutes(
  connect: TwitchConnectService,
  dashboardLogin: DashboardLogin,
): FastifyPluginAsyncZod {
  return async (app) => {
    const assets = await loadWebAssets();
    app.get(
      '/twitch/login',
      {
        schema: {
          tags: ['twitch'],
          summary: 'Redirect to Twitch to authorize KinoYu (with `link` from a Discord server, or plain)',
          querystring: twitchLoginQuerySchema,
        },
      },
      async (request, reply) => {
        const language = pickLanguage(request.query.lang, request.headers['accept-language']);
        try {
          const url = await connect.authorizeUrl(request.query.link, {
            forceVerify: !!request.query.reconnect,
          });
          if (request.query.link === undefined) dashboardLogin.begin(reply, url);
          return reply.redirect(url, 302);
        } catch (error) {
          if (!(error instanceof SignedTokenError)) throw error;
          request.log.warn({ reason: error.code }, 'connect link refused');
          return sendPage(reply, connectPage({ language, assets, outcome: 'invalid_link' }), 400);
        }
      },
    );

    app.get(
      '/twitch/callback',
      {
        schema: {
          tags: ['twitch'],
          summary: "Twitch's redirect back: exchanges the code, stores the tokens, links the Discord server",
          querystring: twitchCallbackQuerySchema,
        },
      },
      async (request, reply) => {
        const language = pickLanguage(request.query.lang, request.headers['accept-language']);
        const result = await connect.handleCallback(request.query);
        if (await dashboardLogin.complete(request, reply, request.query.state, result)) {
          return reply.redirect('/', 302);
        }
        const status =
          result.outcome === 'connected' ? 200 : result.outcome === 'exchange_failed' ? 502 : 400;
        return sendPage(
          reply,
          connectPage({ language, assets, outcome: result.outcome, details: result }),
          status,
        );
      },
    );
  };
}
