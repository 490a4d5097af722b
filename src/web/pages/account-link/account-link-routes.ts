import type { FastifyInstance } from 'fastify';
import { SignedTokenError } from '../../../security/signed-token.ts';
import { sendPage } from '../../server/send-page.ts';
import { viewerLoginUrl } from '../../server/viewer-session.ts';
import { viewerSignInNotice } from '../../server/viewer-sign-in-notice.ts';
import { languageOf, type WebContext } from '../../server/web-context.ts';
import {
  accountLinkConfirmPage,
  accountLinkSignedOutPage,
  invalidLinkPage,
  type LinkedDiscordUser,
} from './account-link-page.ts';

// The link is a secret in the address: never cached, never sent on as a referrer.
const HEADERS = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

/** The Discord user a link names, read without spending it; none for a missing, forged, expired or used link. */
async function linkedUser(
  services: WebContext['services'],
  link: string,
): Promise<LinkedDiscordUser | undefined> {
  if (link.length === 0 || link.length > 2048) return undefined;
  try {
    return await services.accountLinks.inspect(link);
  } catch (error) {
    if (error instanceof SignedTokenError) return undefined;
    throw error;
  }
}

/**
 * `GET /vincular?link=…`: links the Discord user a signed link names to the Twitch viewer signed in here
 * (SPEC §2.8). The page only shows; the link is spent by the confirmation (`POST /api/v1/viewer/account-link`).
 */
export function accountLinkPages(app: FastifyInstance, { services, assets }: WebContext): void {
  app.get<{ Querystring: { link?: unknown } }>(
    '/vincular',
    { schema: { hide: true } },
    async (request, reply) => {
      const language = languageOf(request);
      const link = typeof request.query.link === 'string' ? request.query.link : '';
      const user = await linkedUser(services, link);
      if (!user) return sendPage(reply, invalidLinkPage({ language, assets }), 400, HEADERS);
      const viewer = request.viewerSession;
      if (!viewer) {
        const loginUrl = viewerLoginUrl(services.config.publicUrl, request.url, language);
        return sendPage(
          reply,
          accountLinkSignedOutPage({
            language,
            assets,
            requestUrl: request.url,
            user,
            loginUrl,
            notice: viewerSignInNotice(request, language),
          }),
          200,
          HEADERS,
        );
      }
      const claimPageUrl = language === 'en' ? '/resgatar?lang=en' : '/resgatar';
      const confirm = accountLinkConfirmPage({
        language,
        assets,
        requestUrl: request.url,
        user,
        viewer,
        link,
        claimPageUrl,
      });
      return sendPage(reply, confirm, 200, HEADERS);
    },
  );
}
