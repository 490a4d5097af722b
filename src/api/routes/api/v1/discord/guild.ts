import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Channel } from '../../../../../channels/channel-repository.ts';
import type { DiscordLink } from '../../../../../channels/discord-link-repository.ts';
import { type DiscordLinkView, discordLinkSchema } from '../../../../../contract/channels.ts';
import { bearer, problemSchema } from '../../../../../contract/common.ts';
import { discordLinkPatchSchema, guildParams } from '../../../../../contract/discord.ts';
import { notFound } from '../../../../../errors.ts';
import type { Services } from '../../../../services.ts';

/** A linked Discord server as the API shows it (here and in GET /api/v1/channels/{login}). */
export function toDiscordLinkView(link: DiscordLink, channel: Channel): DiscordLinkView {
  return {
    guildId: link.guildId,
    channel: channel.login,
    displayName: channel.displayName,
    connectionState: channel.connectionState,
    announcementChannelId: link.announcementChannelId,
    managerRoleId: link.managerRoleId,
    language: link.language,
  };
}

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/**
 * `GET/PATCH /api/v1/discord/{guildId}`: a Discord server's link to its Twitch channel, as the bot reads
 * and adjusts it (SPEC §2.1, §7).
 */
export function guildRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const view = async (guildId: string) => {
      const link = await services.discordLinks.find(guildId);
      const channel = link && (await services.channels.findById(link.channelId));
      if (!link || !channel) {
        throw notFound('guild_not_linked', 'This Discord server is not connected to a Twitch channel yet.');
      }
      return toDiscordLinkView(link, channel);
    };

    app.get(
      '/:guildId',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['discord'],
          summary: 'The Twitch channel a Discord server is linked to, and its bot preferences',
          description:
            '404 `guild_not_linked` until a streamer completes the `!conectar` link of that server.',
          security: bearer,
          params: guildParams,
          response: { 200: discordLinkSchema, ...errors },
        },
      },
      async (request) => view(request.params.guildId),
    );

    app.patch(
      '/:guildId',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['discord'],
          summary: "Change a linked server's announcement channel, manager role or language",
          security: bearer,
          params: guildParams,
          body: discordLinkPatchSchema,
          response: { 200: discordLinkSchema, ...errors },
        },
      },
      async (request) => {
        await view(request.params.guildId);
        await services.discordLinks.update(request.params.guildId, request.body);
        return view(request.params.guildId);
      },
    );
  };
}
