import type { FastifyInstance } from 'fastify';
import { sendPage } from '../../server/send-page.ts';
import { viewerLoginUrl } from '../../server/viewer-session.ts';
import { viewerSignInNotice } from '../../server/viewer-sign-in-notice.ts';
import { languageOf, type WebContext } from '../../server/web-context.ts';
import { claimPage, claimSignedOutPage } from './claim-page.ts';

/** `GET /resgatar`: the winners' claim page (SPEC §2.8), for whoever is signed in with Twitch as a viewer. */
export function claimPages(app: FastifyInstance, { services, assets }: WebContext): void {
  app.get('/resgatar', { schema: { hide: true } }, async (request, reply) => {
    const language = languageOf(request);
    const viewer = request.viewerSession;
    // Whose prizes, and a CSRF token: never cached, by the browser or anyone between.
    reply.header('cache-control', 'no-store');
    const options = { language, assets, requestUrl: request.url };
    if (!viewer) {
      const loginUrl = viewerLoginUrl(services.config.publicUrl, '/resgatar', language);
      const notice = viewerSignInNotice(request, language);
      return sendPage(reply, claimSignedOutPage({ ...options, loginUrl, notice }));
    }
    return sendPage(reply, claimPage({ ...options, viewer }));
  });
}
