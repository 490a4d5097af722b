import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '../../src/contract/index.ts';
import { asService } from '../helpers/app.ts';
import { viewers } from '../helpers/fixtures.ts';
import { useWorld } from '../helpers/world.ts';

// SPEC §7 and §9: whatever a client sends, every API body gets a 2xx or a 4xx with a stable code, never
// a 5xx; and a 4xx changes nothing in the database. Bodies are generated: random JSON, and the routes'
// own fields filled with hostile values (control characters, NUL, numbers that round to 0, huge or
// negative numbers, wrong types).
const RUNS_PER_ROUTE = 120;
const LOGIN = 'property_channel';
const GUILD = '123456789012345678';

/** Values that break validators, databases and renderers. */
const hostileScalar = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u202eevil',
    '\u200b',
    '@everyone',
    "'; drop table items; --",
    '<script>alert(1)</script>',
    '[Free Nitro](https://example.com)',
    '1e3',
    '0x10',
    ' 1',
    'NaN',
  ),
  fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
  fc.constantFrom(0, -0, 1e-9, 0.001, 0.005, 1.005, 1e308, -1, 2 ** 53, 1.5, 100_000_000),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const hostileValue = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), hostileScalar, { maxKeys: 3 }) },
);
/** An object with some of `fields` (hostile values), sometimes an unknown field too. */
const bodyWith = (fields: readonly string[]) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.dictionary(fc.constantFrom(...fields), hostileValue, { maxKeys: fields.length }),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
const entrant = fc.record(
  { userId: hostileScalar, login: hostileScalar, weight: hostileScalar },
  { requiredKeys: [] },
);

describe('every API body, on generated input', () => {
  const world = useWorld({ app: true });
  let itemId = 0;
  let raffleId = 0;

  beforeAll(async () => {
    const created = await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${LOGIN}/items`,
      headers: asService,
      payload: { text: 'skin dourada:50x*, chave:5x1000' },
    });
    expect(created.statusCode).toBe(201);
    itemId = created.json().items[0].id;
    const drawn = await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${LOGIN}/raffles`,
      headers: asService,
      payload: { winners: 2, entrants: viewers(30) },
    });
    expect(drawn.statusCode).toBe(201);
    raffleId = drawn.json().raffleId;
    const channel = await world.services.channels.findByLogin(LOGIN);
    await world.services.discordLinks.link(GUILD, channel?.id ?? 0);
  });

  /** A fingerprint of every table a request could change. */
  const stateDigest = async () =>
    (
      await sql<{ digest: string }>`
        select md5(coalesce(string_agg(row, '|' order by row), '')) as digest from (
          select 'channel ' || c::text as row from channels c
          union all select 'settings ' || s::text from channel_settings s
          union all select 'item ' || i::text from items i
          union all select 'raffle ' || r::text from raffles r
          union all select 'entrants ' || count(*)::text from raffle_entrants
          union all select 'winner ' || w::text from raffle_winners w
          union all select 'session ' || x::text from raffle_sessions x
          union all select 'link ' || l::text from discord_links l
          union all select 'nonces ' || count(*)::text from spent_nonces
        ) rows`.execute(world.database.db)
    ).rows[0]?.digest;

  async function sendAndCheck(method: 'POST' | 'PATCH', url: string, body: unknown): Promise<void> {
    const before = await stateDigest();
    const response = await world.app.inject({
      method,
      url,
      headers: { ...asService, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    const context = `${method} ${url} ${JSON.stringify(body)?.slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
    expect(response.statusCode, context).toBeLessThan(500);
    if (response.statusCode >= 400) {
      const { code, raffleId } = response.json();
      expect(isErrorCode(code), context).toBe(true);
      if (code === 'no_eligible_entrants' || code === 'no_prizes_left') {
        // Not bad input: a draw that found nothing to give is recorded as a void raffle, whose proof
        // shows why. That raffle is the only change.
        const result = await world.services.raffleRepository.result(raffleId);
        expect(result?.status, context).toBe('void');
        return;
      }
      expect(await stateDigest(), `a ${response.statusCode} changed the database: ${context}`).toBe(before);
    }
  }

  const routes: { name: string; method: 'POST' | 'PATCH'; url: () => string; body: fc.Arbitrary<unknown> }[] =
    [
      {
        name: 'POST …/items',
        method: 'POST',
        url: () => `/api/v1/channels/${LOGIN}/items`,
        body: bodyWith(['name', 'weight', 'quantity', 'text']),
      },
      {
        name: 'PATCH …/items/{id}',
        method: 'PATCH',
        url: () => `/api/v1/channels/${LOGIN}/items/${itemId}`,
        body: bodyWith(['name', 'weight', 'quantity']),
      },
      {
        name: 'PATCH …/settings',
        method: 'PATCH',
        url: () => `/api/v1/channels/${LOGIN}/settings`,
        body: bodyWith([
          'cooldownMinutes',
          'maxWinsPerSession',
          'excludeModerators',
          'activeChattersMinutes',
          'subscriberTier1Multiplier',
          'vipMultiplier',
          'sessionIntervalSeconds',
          'sessionChance',
          'sessionMaxDraws',
          'stopWhenOffline',
          'claimEnabled',
          'claimWord',
          'claimSeconds',
          'claimMaxRedraws',
        ]),
      },
      {
        name: 'POST …/raffles',
        method: 'POST',
        url: () => `/api/v1/channels/${LOGIN}/raffles`,
        body: fc.oneof(
          bodyWith(['winners', 'idempotencyKey', 'entrants']),
          fc.record(
            {
              winners: fc.oneof(fc.integer({ min: 1, max: 3 }), hostileScalar),
              idempotencyKey: hostileScalar,
              entrants: fc.array(entrant, { minLength: 1, maxLength: 5 }),
            },
            { requiredKeys: ['entrants'] },
          ),
          // Valid entrants, so the hostile key and count reach the draw itself.
          fc.record({
            winners: fc.oneof(fc.integer({ min: 1, max: 3 }), hostileScalar),
            idempotencyKey: hostileScalar,
            entrants: fc.constant(viewers(4)),
          }),
        ),
      },
      {
        name: 'POST /raffles/{id}/reroll',
        method: 'POST',
        url: () => `/api/v1/raffles/${raffleId}/reroll`,
        body: bodyWith(['position']),
      },
      {
        name: 'POST …/session',
        method: 'POST',
        url: () => `/api/v1/channels/${LOGIN}/session`,
        body: bodyWith(['intervalSeconds', 'chance', 'maxDraws']),
      },
      {
        name: 'PATCH /discord/{guildId}',
        method: 'PATCH',
        url: () => `/api/v1/discord/${GUILD}`,
        body: bodyWith(['announcementChannelId', 'managerRoleId', 'language']),
      },
      {
        name: 'POST /discord/{guildId}/link',
        method: 'POST',
        url: () => `/api/v1/discord/${GUILD}/link`,
        body: bodyWith(['announcementChannelId', 'language']),
      },
    ];

  for (const route of routes) {
    it(`${route.name}: a 2xx or a 4xx with a code that changed nothing, for ${RUNS_PER_ROUTE} bodies`, async () => {
      await fc.assert(
        fc.asyncProperty(route.body, (body) => sendAndCheck(route.method, route.url(), body)),
        { numRuns: RUNS_PER_ROUTE },
      );
    });
  }

  it('answers malformed JSON with 400 invalid_json on every route, changing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.string({ unit: 'binary', maxLength: 50 }),
        async (route, raw) => {
          fc.pre(!isJson(raw));
          const before = await stateDigest();
          const response = await world.app.inject({
            method: route.method,
            url: route.url(),
            headers: { ...asService, 'content-type': 'application/json' },
            payload: raw,
          });
          expect(response.statusCode, `${route.name} ${JSON.stringify(raw)}`).toBe(400);
          expect(isErrorCode(response.json().code)).toBe(true);
          expect(await stateDigest()).toBe(before);
        },
      ),
      { numRuns: RUNS_PER_ROUTE },
    );
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
