import { z } from 'zod';
import { ENTRY_MODES } from './raffles.ts';
import { userText } from './text.ts';

const whole = (min: number, max: number) =>
  z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const multiplier = z
  .number({ error: 'must be a number' })
  .min(1, 'must be at least 1')
  .max(10, 'must be at most 10 (SPEC §3 caps multipliers at 10)')
  .refine((value) => Number.isInteger(value * 100), 'at most two decimals')
  .meta({ description: 'weight multiplier, 1 to 10' });

/**
 * A session's chance that a tick draws, stored with four decimals (numeric(5, 4), > 0): at least
 * 0.0001 — a tinier positive number (5e-324 passed `> 0` and the four-decimals check) would be stored
 * as 0.0000 and refused by the table's check, a 500. Also the `chance` of POST …/session.
 */
export const sessionChance = z
  .number({ error: 'must be a number' })
  .min(0.0001, 'must be at least 0.0001')
  .max(1, 'must be at most 1')
  .refine((value) => Math.abs(value * 1e4 - Math.round(value * 1e4)) < 1e-6, 'at most four decimals');

/** A channel's draw rules and session defaults, each explained for the OpenAPI document. */
export const settingsShape = {
  cooldownMinutes: whole(0, 10080).meta({
    description: 'a viewer who won within this many minutes cannot win (0 = off)',
  }),
  maxWinsPerSession: whole(1, 1000)
    .nullable()
    .meta({ description: 'wins per viewer in one session; null = no limit' }),
  excludeModerators: z.boolean().meta({ description: 'moderators cannot win' }),
  activeChattersMinutes: whole(1, 1440)
    .nullable()
    .meta({ description: 'only viewers who chatted in the last N minutes; null = everyone in chat' }),
  subscriberTier1Multiplier: multiplier,
  subscriberTier2Multiplier: multiplier,
  subscriberTier3Multiplier: multiplier,
  vipMultiplier: multiplier,
  sessionIntervalSeconds: whole(1, 86400).meta({ description: 'default time between session draws' }),
  sessionChance: sessionChance.meta({
    description: 'probability that a session tick draws (1 = every tick; the original used 0.5)',
  }),
  sessionMaxDraws: whole(1, 100000)
    .nullable()
    .meta({ description: 'a session stops after this many draws; null = no limit' }),
  stopWhenOffline: z.boolean().meta({ description: 'stop the session when the stream goes offline' }),
  claimEnabled: z.boolean().meta({ description: 'winners must type the claim word in chat in time' }),
  claimWord: userText(50).meta({ description: 'what a winner types in chat to claim' }),
  claimSeconds: whole(5, 3600).meta({ description: 'how long a winner has to claim' }),
  claimMaxRedraws: whole(0, 20).meta({
    description: 'unclaimed slots are redrawn this many times, then forfeited (the prize goes back)',
  }),
  entryMode: z.enum(ENTRY_MODES).meta({
    description:
      '"chat": everyone in the chat list can win; "keyword": only who typed the keyword while entries were open',
  }),
  entryKeyword: userText(50).meta({ description: 'what viewers type in chat to enter (keyword mode)' }),
  entryRequiresPresence: z
    .boolean()
    .meta({ description: 'keyword mode: an entrant must still be in the chat list at draw time' }),
  minAccountAgeDays: whole(0, 3650).meta({
    description: 'entries from Twitch accounts younger than this many days are refused (0 = off)',
  }),
  minFollowDays: whole(0, 3650).meta({
    description:
      'entries from viewers following the channel for fewer days are refused (0 = off; more than 0 also requires following)',
  }),
  publicRandomness: z.boolean().meta({
    description:
      'draws also depend on a public drand beacon round chosen after the entrant list is frozen (SPEC §4.1), so not even the operator can steer them; a draw waits for its round (a few seconds)',
  }),
};

export const SETTINGS_EXAMPLE: ChannelSettings = {
  cooldownMinutes: 30,
  maxWinsPerSession: null,
  excludeModerators: false,
  activeChattersMinutes: null,
  subscriberTier1Multiplier: 1,
  subscriberTier2Multiplier: 1.5,
  subscriberTier3Multiplier: 2,
  vipMultiplier: 1.5,
  sessionIntervalSeconds: 300,
  sessionChance: 1,
  sessionMaxDraws: null,
  stopWhenOffline: false,
  claimEnabled: false,
  claimWord: '!claim',
  claimSeconds: 60,
  claimMaxRedraws: 3,
  entryMode: 'chat',
  entryKeyword: '!participar',
  entryRequiresPresence: true,
  minAccountAgeDays: 0,
  minFollowDays: 0,
  publicRandomness: true,
};

export const settingsSchema = z
  .object(settingsShape)
  .meta({ id: 'ChannelSettings', example: SETTINGS_EXAMPLE });

export const settingsPatchSchema = z
  .object(settingsShape)
  .partial()
  .strict()
  .meta({
    example: { cooldownMinutes: 15, vipMultiplier: 2, sessionIntervalSeconds: 120, sessionChance: 0.5 },
  });

/**
 * The rules of SPEC §3 and the session defaults of a channel, as the API shows and the database stores
 * them: declared once, by the schema above. A new setting is one entry in `settingsShape` (with its
 * example); the typecheck then asks for its column (SettingsRepository) and its dashboard texts.
 */
export type ChannelSettings = z.output<z.ZodObject<typeof settingsShape>>;

/** The settings as the dashboard reads them from the API. */
export type ChannelSettingsView = ChannelSettings;
