// Gateway discovery, the bot's own user and its application.
import { applicationPayload, gatewayBotPayload } from './gateway-payloads.external.ts';
import { DiscordHttpError } from './http-io.ts';
import { userPayload } from './payloads.external.ts';
import { ok, type Route, route } from './route.ts';

/** GET /gateway/bot, /gateway, /users/@me, /users/{id}, /applications/@me. */
export const accountRoutes: Route[] = [
  route('GET', '/gateway/bot', (context) =>
    ok(gatewayBotPayload(context.gatewayUrl(), context.recommendedShards)),
  ),
  route('GET', '/gateway', (context) => ok({ url: context.gatewayUrl() }), false),
  route('GET', '/users/@me', (context) => ok({ ...userPayload(context.state.botUser), verified: true })),
  route('GET', '/users/:user', (context, [userId]) => {
    const user = context.state.users.get(userId ?? '');
    if (!user) throw new DiscordHttpError(404, 10013, 'Unknown User');
    return ok(userPayload(user));
  }),
  route('GET', '/applications/@me', (context) => ok(applicationPayload(context.state))),
];
