import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ENTRY_REFUSAL_REASONS } from '../../src/contract/entries.ts';
import { EXCLUSION_REASONS } from '../../src/contract/raffles.ts';
import { KEYWORD_DRAW_EXCLUSIONS } from '../../src/twitch/chatter-roster.ts';
import { chattersToEntrants } from '../../src/twitch/entrants.ts';
import { proofMessages } from '../../src/web/pages/proof/messages/index.ts';

/** Every reason chattersToEntrants gives, from a chat that has one viewer of each kind. */
function reasonsFromTwitch(): string[] {
  const entrants = chattersToEntrants(
    {
      chatters: [
        { userId: '1', login: 'the_streamer' },
        { userId: '2', login: 'kinoyu_app' },
        { userId: '3', login: 'nightbot' },
        { userId: '4', login: 'a_moderator' },
        { userId: '5', login: 'quiet_viewer' },
        { userId: '6', login: 'chatty_viewer' },
      ],
      roles: { subscriberTiers: new Map(), vips: new Set(), moderators: new Set(['4']) },
      activeChatters: new Set(['6']),
    },
    '1',
    {
      excludeModerators: true,
      activeChattersMinutes: 10,
      tierMultipliers: { 1000: 1, 2000: 1, 3000: 1 },
      vipMultiplier: 1,
    },
    new Set(['kinoyu_app']),
  );
  return entrants.flatMap((entrant) => (entrant.excludedReason ? [entrant.excludedReason] : []));
}

/** Every reason make_raffle writes into the snapshot, read from the migrations that define it. */
async function reasonsFromMigrations(): Promise<string[]> {
  const folder = new URL('../../migrations/', import.meta.url);
  const reasons: string[] = [];
  for (const file of (await readdir(folder)).filter((name) => name.endsWith('.sql'))) {
    const sql = await readFile(new URL(file, folder), 'utf8');
    for (const match of sql.matchAll(/excluded_reason = '([a-z_]+)'/g)) reasons.push(match[1] as string);
  }
  return reasons;
}

describe('the proof page names every exclusion reason the draw produces', () => {
  it('the Twitch side gives each kind of viewer its reason, inactive chatters included', () => {
    expect(reasonsFromTwitch()).toEqual(['broadcaster', 'app_account', 'bot', 'moderator', 'inactive']);
  });

  it('labels exactly the reasons produced, in pt-BR and en', async () => {
    // Keyword mode (SPEC §2.7): the refusals kept from entry time, and what its draws add.
    const keyword = [...ENTRY_REFUSAL_REASONS, ...Object.values(KEYWORD_DRAW_EXCLUSIONS)];
    const produced = new Set([...reasonsFromTwitch(), ...(await reasonsFromMigrations()), ...keyword]);
    expect(produced).toEqual(new Set(EXCLUSION_REASONS));
    for (const language of ['pt-BR', 'en'] as const) {
      const labels = proofMessages[language].client.excludedReasons;
      expect(Object.keys(labels).sort(), language).toEqual([...produced].sort());
      for (const reason of produced) expect(labels[reason as keyof typeof labels], reason).toBeTruthy();
    }
  });
});
