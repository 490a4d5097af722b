import { z } from 'zod';
import type { EXCLUSION_REASONS } from './raffles.ts';
import { userText } from './text.ts';

/** Paging limits of `GET …/entries` (SPEC §2.7). */
export const ENTRY_LIST_LIMITS = { defaultLimit: 100, maxLimit: 1000 } as const;

/** `POST …/entries`: open an entry window; without a keyword, the channel's `entryKeyword`. */
export const openEntriesBodySchema = z
  .object({ keyword: userText(50).optional() })
  .strict()
  .meta({ example: { keyword: '!participar' } });

/** `GET …/entries` paging: `limit` 1–1,000 (default 100), `after` the last `userId` seen. */
export const entriesQuerySchema = z.object({
  limit: z
    .string()
    .regex(/^[0-9]{1,4}$/, 'must be a whole number from 1 to 1000')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(ENTRY_LIST_LIMITS.maxLimit, 'must be at most 1000'))
    .optional(),
  after: z.string().min(1).max(64).optional(),
});

/** Why an entry was refused (an anti-alt rule, or a §3 exclusion decided at entry). */
export const ENTRY_REFUSAL_REASONS = [
  'broadcaster',
  'app_account',
  'bot',
  'blocklist',
  'account_too_new',
  'not_following',
  'follow_too_recent',
] as const satisfies readonly (typeof EXCLUSION_REASONS)[number][];

export type EntryRefusalReason = (typeof ENTRY_REFUSAL_REASONS)[number];

/** The current (or last) entry window of a channel and who entered it. */
export const entriesSchema = z
  .object({
    open: z.boolean(),
    windowId: z.number().nullable(),
    keyword: z.string().nullable(),
    openedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    count: z.number().meta({ description: 'entrants counted (refused and unchecked ones apart)' }),
    refusedCount: z.number(),
    pendingCount: z
      .number()
      .meta({ description: 'entries Twitch could not check yet (checked again before a draw)' }),
    entrants: z.array(z.object({ userId: z.string(), login: z.string(), enteredAt: z.string() })),
    refused: z.array(z.object({ userId: z.string(), login: z.string(), reason: z.string() })),
    /** Entries waiting for Twitch to answer the anti-alt checks. */
    pending: z.array(z.object({ userId: z.string(), login: z.string(), enteredAt: z.string() })),
    /** The `after` to ask for the next page; null on the last page. */
    nextAfter: z.string().nullable(),
  })
  .meta({
    id: 'Entries',
    example: {
      open: true,
      windowId: 7,
      keyword: '!participar',
      openedAt: '2026-11-25T20:10:00.000Z',
      closedAt: null,
      count: 2,
      refusedCount: 1,
      pendingCount: 0,
      entrants: [
        { userId: '50213', login: 'ana_gamer', enteredAt: '2026-11-25T20:10:04.120Z' },
        { userId: '61822', login: 'joao1999', enteredAt: '2026-11-25T20:10:09.870Z' },
      ],
      refused: [{ userId: '77120', login: 'conta_nova', reason: 'account_too_new' }],
      pending: [],
      nextAfter: null,
    },
  });

export type EntriesView = z.infer<typeof entriesSchema>;
