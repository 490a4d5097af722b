import type { FastifyInstance } from 'fastify';
import { sameSecret } from '../../../security/constant-time.ts';
import { sendPage } from '../../server/send-page.ts';
import { languageOf, type WebContext } from '../../server/web-context.ts';
import { overlayForbiddenPage, overlayPage } from './overlay-page.ts';

const LOGIN = /^[a-z0-9_]{1,64}$/i;

/** `GET /overlay/{channel}?key=…[&demo=1]`: the OBS browser source of a channel (SPEC §5). */
export function overlayPages(app: FastifyInstance, { services, assets }: WebContext): void {
  const { overlayKeys } = services;

  app.get<{ Params: { channel: string }; Querystring: { key?: string; demo?: string } }>(
    '/overlay/:channel',
    { schema: { hide: true } },
    async (request, reply) => {
      const language = languageOf(request);
      const key = typeof request.query.key === 'string' ? request.query.key : '';
      const login = request.params.channel.toLowerCase();
      const channel = LOGIN.test(login) ? await services.channels.findByLogin(login) : undefined;
      const expected = channel && (await overlayKeys.ofChannel(channel.id));
      // The key is in the address: never cache the page, never send the address on as a referrer.
      const headers = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
      if (!channel || expected === undefined || !sameSecret(key, expected)) {
        return sendPage(reply, overlayForbiddenPage({ language, assets }), 403, headers);
      }
      const demo = request.query.demo === '1' || request.query.demo === 'true';
      const overlay = overlayPage({ language, assets, login: channel.login, key, demo });
      return sendPage(reply, overlay, 200, headers);
    },
  );
}
