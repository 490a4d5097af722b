import { z } from 'zod';
import { LANGUAGES } from './languages.ts';
import { SETTINGS_EXAMPLE, settingsSchema } from './settings.ts';

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

/** A channel as `GET /api/v1/channels/{login}` shows it: its rules and its linked Discord servers. */
export const channelSchema = z
  .object({
    login: z.string(),
    displayName: z.string(),
    twitchUserId: z.string().nullable(),
    language: z.enum(LANGUAGES).meta({ description: 'language of the Twitch chat announcements' }),
    connectionState: z.enum(CONNECTION_STATES),
    settings: settingsSchema,
    discord: z.array(discordLinkSchema),
  })
  .meta({
    id: 'Channel',
    example: {
      login: 'kinoyu_sandbox',
      displayName: 'KinoYu_Sandbox',
      twitchUserId: '71092938',
      language: 'pt-BR',
      connectionState: 'connected',
      settings: SETTINGS_EXAMPLE,
      discord: [],
    },
  });

export type ChannelView = z.infer<typeof channelSchema>;

/** A channel's Twitch connection after `DELETE /api/v1/channels/{login}/twitch`. */
export const twitchConnectionSchema = z
  .object({ channel: z.string(), connectionState: z.enum(CONNECTION_STATES) })
  .meta({ id: 'TwitchConnection', example: { channel: 'streamer', connectionState: 'disconnected' } });
