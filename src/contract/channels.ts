import { z } from 'zod';
import { LANGUAGES } from './languages.ts';

/** The state of a channel's Twitch connection, as the API and the dashboard show it. */
export const CONNECTION_STATES = ['not_connected', 'connected', 'reconnect_needed', 'disconnected'] as const;

export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** A Discord server linked to a Twitch channel. */
export const discordLinkSchema = z
  .object({
    guildId: z.string(),
    channel: z.string().meta({ description: 'the Twitch login of the linked channel' }),
    displayName: z.string(),
    connectionState: z.enum(CONNECTION_STATES),
    announcementChannelId: z.string().nullable().meta({ description: 'where the bot posts draws and news' }),
    managerRoleId: z.string().nullable().meta({ description: 'may run state-changing commands' }),
    language: z.enum(LANGUAGES).meta({ description: "the bot's language in this server" }),
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
