import { z } from 'zod';
import { channelParams, idParam } from './common.ts';
import { DISCORD_SNOWFLAKE } from './discord.ts';
import { LANGUAGES } from './languages.ts';

// The prize reaches the winner (SPEC §2.8): secret codes of a prize, the prize ledger, the viewer's
// claim page (`/resgatar`) and the Twitch ↔ Discord account link.

/** Bounds of `POST …/items/{id}/codes` (SPEC §7). */
export const CODE_LIMITS = { perCall: 1000, minLength: 1, maxLength: 200 } as const;

/** Where a secret code stands: not given yet, given to a slot, or seen by its holder (page or DM). */
export const CODE_STATES = ['unused', 'assigned', 'delivered'] as const;
export type CodeState = (typeof CODE_STATES)[number];

/** Where a unit given stands in the prize ledger (SPEC §2.8). */
export const LEDGER_STATES = ['awaiting_claim', 'claimed', 'delivered', 'forfeited'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

/** Paging of the ledger and the code list. */
export const PRIZE_LIST_LIMITS = { defaultLimit: 100, maxLimit: 1000 } as const;

// A code is one line a moderator pasted: kept exactly, but a code made only of spaces, or holding a
// line break or a control character, is a paste mistake, refused with the others.
const isControl = (char: string) => {
  const point = char.codePointAt(0) ?? 0;
  return point < 0x20 || point === 0x7f;
};
const code = z
  .string({ error: 'must be text' })
  .min(CODE_LIMITS.minLength, 'must not be empty')
  .max(CODE_LIMITS.maxLength, 'must be at most 200 characters')
  .refine((text) => text.trim().length > 0, 'must not be blank')
  .refine((text) => ![...text].some(isControl), 'must be one line without control characters');

/** `POST /api/v1/channels/{login}/items/{id}/codes`: 1–1,000 codes, duplicates refused (409 `duplicate_codes`). */
export const addCodesBodySchema = z
  .object({
    codes: z
      .array(code, { error: 'must be a list of codes' })
      .min(1, 'send at least one code')
      .max(CODE_LIMITS.perCall, 'send at most 1,000 codes a call'),
  })
  .strict()
  .meta({ example: { codes: ['AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF'] } });

/** What an add answers: how many were stored, and the prize's unused count (its quantity) now. */
export const codesAddedSchema = z
  .object({ added: z.number(), unused: z.number(), quantity: z.number() })
  .meta({ example: { added: 2, unused: 5, quantity: 5 } });

/** One code of a prize, never with its secret. */
export const codeSummarySchema = z.object({
  id: z.number(),
  state: z.enum(CODE_STATES),
  raffleId: z.number().nullable(),
  position: z.number().nullable(),
  deliveredAt: z.string().nullable(),
});

/** `GET …/items/{id}/codes` (paged by id: `?after=` the last id seen). */
export const codeListSchema = z
  .object({
    itemId: z.number(),
    unused: z.number(),
    total: z.number(),
    codes: z.array(codeSummarySchema),
    nextAfter: z.number().nullable(),
  })
  .meta({
    example: {
      itemId: 7,
      unused: 1,
      total: 2,
      codes: [
        { id: 1, state: 'delivered', raffleId: 42, position: 1, deliveredAt: '2026-11-25T20:16:02.000Z' },
        { id: 2, state: 'unused', raffleId: null, position: null, deliveredAt: null },
      ],
      nextAfter: null,
    },
  });

const pagingNumber = (max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(max, `must be at most ${max}`));

export const codeListQuerySchema = z.object({
  limit: pagingNumber(PRIZE_LIST_LIMITS.maxLimit).optional(),
  after: pagingNumber(Number.MAX_SAFE_INTEGER).optional(),
});

export const codeParams = channelParams.extend({ id: idParam });

/** One unit given, as the ledger shows it. `at` is when it reached its state. */
export const ledgerEntrySchema = z.object({
  raffleId: z.number(),
  position: z.number(),
  userId: z.string(),
  login: z.string(),
  itemId: z.number().nullable(),
  itemName: z.string(),
  state: z.enum(LEDGER_STATES),
  wonAt: z.string(),
  claimedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  /** When the last claim window of a forfeited slot ran out. */
  forfeitedAt: z.string().nullable(),
  /** Whether a secret code goes with the unit (never the code itself). */
  hasCode: z.boolean(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** `GET /api/v1/channels/{login}/prizes-given`: newest first; `?before=` a raffle id to page on. */
export const ledgerSchema = z
  .object({ prizes: z.array(ledgerEntrySchema), nextBefore: z.number().nullable() })
  .meta({
    example: {
      prizes: [
        {
          raffleId: 42,
          position: 1,
          userId: '50213',
          login: 'ana_gamer',
          itemId: 7,
          itemName: 'chave steam',
          state: 'delivered',
          wonAt: '2026-11-25T20:15:00.210Z',
          claimedAt: '2026-11-25T20:15:21.730Z',
          deliveredAt: '2026-11-25T20:16:02.000Z',
          forfeitedAt: null,
          hasCode: true,
        },
      ],
      nextBefore: null,
    },
  });

export const ledgerQuerySchema = z.object({
  limit: pagingNumber(PRIZE_LIST_LIMITS.maxLimit).optional(),
  before: pagingNumber(Number.MAX_SAFE_INTEGER).optional(),
  format: z.enum(['json', 'csv']).optional(),
});

/** A prize a viewer won, on their claim page (`/resgatar`). */
export const viewerPrizeSchema = z.object({
  raffleId: z.number(),
  position: z.number(),
  channel: z.string(),
  channelDisplayName: z.string(),
  itemName: z.string(),
  state: z.enum(LEDGER_STATES),
  wonAt: z.string(),
  /** The claim window still running: the word to type in the channel's chat, and until when. */
  claimWord: z.string().nullable(),
  deadline: z.string().nullable(),
  /** A code goes with the prize; it can be revealed once `state` is `claimed` or `delivered`. */
  hasCode: z.boolean(),
  proofPageUrl: z.string(),
});
export type ViewerPrize = z.infer<typeof viewerPrizeSchema>;

/** `GET /api/v1/viewer/prizes`: every prize the signed-in viewer won, in any channel, newest first. */
export const viewerPrizesSchema = z
  .object({
    viewer: z.object({ userId: z.string(), login: z.string(), displayName: z.string() }),
    prizes: z.array(viewerPrizeSchema),
    csrfToken: z.string(),
  })
  .meta({
    id: 'ViewerPrizes',
    example: {
      viewer: { userId: '50213', login: 'ana_gamer', displayName: 'ana_gamer' },
      prizes: [
        {
          raffleId: 42,
          position: 1,
          channel: 'kinoyu_sandbox',
          channelDisplayName: 'KinoYu Sandbox',
          itemName: 'chave steam',
          state: 'claimed',
          wonAt: '2026-11-25T20:15:00.210Z',
          claimWord: null,
          deadline: null,
          hasCode: true,
          proofPageUrl: 'http://localhost:3000/r/42',
        },
      ],
      csrfToken: 'xPz1-6Hk0Tq2…',
    },
  });
export type ViewerPrizes = z.infer<typeof viewerPrizesSchema>;

export const slotParams = z.object({ raffleId: idParam, position: idParam });

/** `POST /api/v1/viewer/prizes/{raffleId}/{position}/reveal`: the code, to its holder only. */
export const revealedCodeSchema = z
  .object({ code: z.string(), deliveredAt: z.string() })
  .meta({ example: { code: 'AAAA-BBBB-CCCC', deliveredAt: '2026-11-25T20:16:02.000Z' } });

/** The reveal takes no body (an empty object at most). */
export const revealBodySchema = z.object({}).strict().nullish().meta({ example: {} });

/** `POST /api/v1/viewer/account-link`: the link of the page, spent by the call. */
export const accountLinkCompleteBodySchema = z
  .object({ link: z.string().min(1).max(2048) })
  .strict()
  .meta({ example: { link: 'eyJkIjoiNTAwMDAw….c2lnbmF0dXJl' } });
export const accountLinkedSchema = z
  .object({ discordUserId: z.string(), discordUsername: z.string().nullable(), twitchLogin: z.string() })
  .meta({
    example: { discordUserId: '500000000000000001', discordUsername: 'ana', twitchLogin: 'ana_gamer' },
  });

/** `POST /api/v1/discord/{guildId}/users/{userId}/link`: the viewer's account-link URL (15 min, single use). */
export const accountLinkParams = z.object({
  guildId: z.string().regex(DISCORD_SNOWFLAKE, 'must be a Discord server id (snowflake)'),
  userId: z.string().regex(DISCORD_SNOWFLAKE, 'must be a Discord user id (snowflake)'),
});
export const accountLinkBodySchema = z
  .object({
    username: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'shown on the link page so the viewer sees which Discord account they link' }),
    language: z.enum(LANGUAGES).optional(),
  })
  .strict()
  .meta({ example: { username: 'ana', language: 'pt-BR' } })
  .nullish();
export const accountLinkUrlSchema = z.object({ url: z.string(), expiresAt: z.string() }).meta({
  id: 'AccountLinkUrl',
  example: {
    url: 'http://localhost:3000/vincular?link=eyJkIjoiNTAwMDAw….c2lnbmF0dXJl',
    expiresAt: '2026-11-25T20:30:00.000Z',
  },
});

/** `GET /api/v1/discord/{guildId}/raffles/{raffleId}/recipients`: who of a raffle's holders is linked. */
export const recipientsSchema = z
  .object({
    recipients: z.array(
      z.object({
        position: z.number(),
        userId: z.string(),
        discordUserId: z.string(),
        /** The slot carries a code that its holder can have now (claimed, or drawn without a window). */
        deliverable: z.boolean(),
      }),
    ),
  })
  .meta({
    example: {
      recipients: [{ position: 1, userId: '50213', discordUserId: '500000000000000001', deliverable: true }],
    },
  });
export type Recipients = z.infer<typeof recipientsSchema>;

export const guildSlotParams = z.object({
  guildId: z.string().regex(DISCORD_SNOWFLAKE, 'must be a Discord server id (snowflake)'),
  raffleId: idParam,
  position: idParam,
});

/**
 * `POST /api/v1/discord/{guildId}/raffles/{raffleId}/slots/{position}/delivery`: the bot takes a code
 * to DM to the linked holder (409 `not_deliverable` when there is none to send, or another process is
 * sending it). It then reports the outcome with `…/delivery/outcome` `{delivered}`.
 */
export const deliverySchema = z
  .object({ discordUserId: z.string(), code: z.string() })
  .meta({ example: { discordUserId: '500000000000000001', code: 'AAAA-BBBB-CCCC' } });
export const deliveryOutcomeBodySchema = z
  .object({
    delivered: z.boolean(),
    /** Discord's error code when the DM failed (50007: the user does not accept DMs). */
    discordError: z.number().int().optional(),
  })
  .strict()
  .meta({ example: { delivered: false, discordError: 50007 } });

/** `POST /api/v1/discord/{guildId}/raffles/{raffleId}/slots/{position}/claim`: the "Resgatar" button. */
export const buttonClaimBodySchema = z
  .object({ discordUserId: z.string().regex(DISCORD_SNOWFLAKE, 'must be a Discord user id (snowflake)') })
  .strict()
  .meta({ example: { discordUserId: '500000000000000001' } });
export const buttonClaimSchema = z
  .object({ claimedAt: z.string() })
  .meta({ example: { claimedAt: '2026-11-25T20:15:21.730Z' } });

/** The viewer sign-in: where to land after it (a path of this site only). */
export const viewerLoginQuerySchema = z.object({
  next: z
    .string()
    .max(2000)
    .regex(/^\/(resgatar|vincular)(\?[^#]*)?$/, 'must be /resgatar or /vincular?link=…')
    .optional(),
  lang: z.string().max(20).optional(),
});
export const viewerCallbackQuerySchema = z.object({
  code: z.string().max(500).optional(),
  state: z.string().max(2048).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
  scope: z.string().max(2000).optional(),
  lang: z.string().max(20).optional(),
});
export const accountLinkPageQuerySchema = z.object({
  link: z.string().max(2048).optional(),
  lang: z.string().max(20).optional(),
});
