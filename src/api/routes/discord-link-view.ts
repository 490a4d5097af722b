import { z } from 'zod';
import type { Channel } from '../../channels/channel-repository.ts';
import type { DiscordLink } from '../../channels/discord-link-repository.ts';

export const discordLinkSchema = z
  .object({
    guildId: z.string(),
    channel: z.string().meta({ description: 'the Twitch login of the linked channel' }),
    displayName: z.string(),
    connectionState: z.enum(['not_connected', 'connected', 'reconnect_needed', 'disconnected']),
    announcementChannelId: z.string().nullable().meta({ description: 'where the bot posts draws and news' }),
    managerRoleId: z.string().nullable().meta({ description: 'may run state-changing commands' }),
    language: z.enum(['pt-BR', 'en']).meta({ description: "the bot's language in this server" }),
  })
  .meta({
    id: 'DiscordLink',
    example: {
      guildId: '123456789012345678',
      channel: 'kinoyu_sandbox',
      displayName: 'KinoYu_Sandbox',
      connectionState: 'connected',
      announcementChannelId: '234567890123456789',
      managerRoleId: null,
      language: 'pt-BR',
    },
  });

export type DiscordLinkView = z.infer<typeof discordLinkSchema>;

/** A linked Discord server as the API shows it. */
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
