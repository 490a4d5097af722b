import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Channel } from '../../../../../channels/channel-repository.ts';
import { channelSchema } from '../../../../../contract/channels.ts';
import { bearer, channelParams, problemSchema } from '../../../../../contract/common.ts';
import { settingsPatchSchema } from '../../../../../contract/settings.ts';
import { conflict } from '../../../../../errors.ts';
import { channelOf } from '../../../../plugins/access.ts';
import type { Services } from '../../../../services.ts';
import { toDiscordLinkView } from '../discord/guild.ts';
import { chatterRoutes } from './chatters.ts';
import { codeRoutes } from './codes.ts';
import { entryRoutes } from './entries.ts';
import { channelEventRoutes } from './events.ts';
import { itemRoutes } from './items.ts';
import { overlayKeyRoutes } from './overlay-key.ts';
import { prizesGivenRoutes } from './prizes-given.ts';
import { channelRaffleRoutes } from './raffles.ts';
import { sessionRoutes } from './session.ts';
import { twitchConnectionRoutes } from './twitch.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/**
 * Everything under /api/v1/channels/{login}. Here: the channel itself, its rules (SPEC §3) and linked
 * Discord servers (GET), and `PATCH …/settings`; each sub-resource has its file, named after its URL.
 */
export function channelRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(itemRoutes(services));
    await app.register(codeRoutes(services));
    await app.register(prizesGivenRoutes(services));
    await app.register(channelRaffleRoutes(services));
    await app.register(chatterRoutes(services));
    await app.register(sessionRoutes(services));
    await app.register(entryRoutes(services));
    await app.register(channelEventRoutes(services));
    if (services.twitchDisconnect) await app.register(twitchConnectionRoutes(services.twitchDisconnect));
    await app.register(overlayKeyRoutes(services));

    const view = async (channel: Channel) => {
      const [settings, links] = await Promise.all([
        services.settings.get(channel.id),
        services.discordLinks.ofChannel(channel.id),
      ]);
      return {
        login: channel.login,
        displayName: channel.displayName,
        twitchUserId: channel.twitchUserId,
        language: channel.language,
        connectionState: channel.connectionState,
        settings,
        discord: links.map((link) => toDiscordLinkView(link, channel)),
      };
    };

    app.get(
      '/:login',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['channels'],
          summary: 'A channel: Twitch connection state, rules and session defaults, linked Discord servers',
          security: bearer,
          params: channelParams,
          response: { 200: channelSchema, ...errors },
        },
      },
      async (request) => view(channelOf(request)),
    );

    app.patch(
      '/:login/settings',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['channels'],
          summary: 'Change the rules of SPEC §3 and the session defaults (only the fields sent)',
          description:
            'Each field is validated (ranges in the schema); a bad value is a 400 naming it, and nothing changes. ' +
            '`minFollowDays` > 0 needs the scope `moderator:read:followers`: a channel connected before KinoYu asked ' +
            'for it gets 409 `reconnect_for_follow_rules` (connect again to enable follow-age rules).',
          security: bearer,
          params: channelParams,
          body: settingsPatchSchema,
          response: { 200: channelSchema, ...errors, 409: problemSchema },
        },
      },
      async (request) => {
        const channel = channelOf(request);
        if ((request.body.minFollowDays ?? 0) > 0) await requireFollowerScope(services, channel);
        await services.settings.update(channel.id, request.body);
        return view(channel);
      },
    );
  };
}

/**
 * The follow-age rule reads Get Channel Followers, which needs `moderator:read:followers`: a connection
 * made before KinoYu asked for it must be renewed first (SPEC §2.7), rather than failing every entry.
 */
async function requireFollowerScope(services: Services, channel: Channel): Promise<void> {
  if (!channel.twitchUserId || channel.connectionState !== 'connected') return;
  const token = await services.tokenStore.load(channel.id).catch(() => undefined);
  if (token && !token.scope.includes('moderator:read:followers')) {
    throw conflict(
      'reconnect_for_follow_rules',
      'The Twitch connection was made before KinoYu asked to read followers: connect again to enable follow-age rules.',
    );
  }
}
