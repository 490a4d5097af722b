import { z } from 'zod';
import { LANGUAGES } from './languages.ts';

// The Discord side of the API: `/api/v1/discord/{guildId}` and its connect link.

/** The shape of a Discord id (a snowflake). */
export const DISCORD_SNOWFLAKE = /^\d{17,20}$/;

const snowflake = (what: string) =>
  z.string().regex(DISCORD_SNOWFLAKE, `must be a Discord ${what} id (snowflake)`);

export const guildParams = z.object({ guildId: snowflake('server') });

/** `PATCH /api/v1/discord/{guildId}`: the bot's preferences in a linked server. */
export const discordLinkPatchSchema = z
  .object({
    announcementChannelId: snowflake('channel').nullable().optional(),
    managerRoleId: snowflake('role').nullable().optional(),
    language: z.enum(LANGUAGES).optional(),
  })
  .strict()
  .meta({ example: { announcementChannelId: '123456789012345678', language: 'en' } });

/** `POST /api/v1/discord/{guildId}/link`: the preferences the connect link carries. */
export const connectLinkBodySchema = z
  .object({
    announcementChannelId: snowflake('channel')
      .optional()
      .meta({ description: 'where the bot posts draws once linked (the channel of !conectar)' }),
    language: z.enum(LANGUAGES).optional().meta({ description: "the server's bot language" }),
  })
  .strict()
  .nullish();

/** The signed, expiring, single-use connect link. */
export const connectLinkSchema = z
  .object({ url: z.string(), expiresAt: z.string() })
  .meta({ id: 'ConnectLink' });
