// Gateway discovery, the bot's own user and its application.
import { DiscordHttpError } from './http-io.ts';
import { userPayload } from './payloads.external.ts';
import { ok, type Route, route } from './route.ts';

/** GET /gateway/bot, /gateway, /users/@me, /users/{id}, /applications/@me. */
export const accountRoutes: Route[] = [
  route('GET', '/gateway/bot', (context) =>
    ok({
      url: context.gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
    }),
  ),
  route('GET', '/gateway', (context) => ok({ url: context.gatewayUrl() }), false),
  route('GET', '/users/@me', (context) =>
    ok({ ...userPayload(context.state.botUser), verified: true, mfa_enabled: false }),
  ),
  route('GET', '/users/:user', (context, [userId]) => {
    const user = context.state.users.get(userId ?? '');
    if (!user) throw new DiscordHttpError(404, 10013, 'Unknown User');
    return ok(userPayload(user));
  }),
  route('GET', '/applications/@me', (context) =>
    ok({
      id: context.applicationId,
      name: context.state.botUser.username,
      icon: null,
      description: '',
      bot_public: true,
      bot_require_code_grant: false,
      bot: userPayload(context.state.botUser),
      verify_key: '0'.repeat(64),
      flags: 0,
      owner: { id: '0', username: 'owner', discriminator: '0', avatar: null, global_name: null },
      team: null,
      approximate_guild_count: context.state.guilds.size,
    }),
  ),
];
