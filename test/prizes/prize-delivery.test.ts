import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RaffleView } from '../../src/contract/raffle.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { runOutClaimWindow } from '../helpers/claims.ts';
import { resetSettings } from '../helpers/settings.ts';
import { signInAsViewer } from '../helpers/twitch-consent.ts';
import { useWorld } from '../helpers/world.ts';

const LOGIN = SANDBOX_CHANNEL.login;
const GUILD = '400000000000000001';
const DISCORD_ALICE = '500000000000000001';
const DISCORD_BOB = '500000000000000002';

// Everything the services and the API log, at debug level, to grep for codes.
const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});
const dataDir = mkdtempSync(join(tmpdir(), 'kinoyu-codes-'));

// SPEC §2.8: a prize's secret codes reach exactly their winner (claim page, or a DM through the bot),
// with a ledger of every unit given. A code never shows anywhere else.
// The database files go once the world inside has closed them.
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('prize codes, the claim page and the ledger', () => {
  const world = useWorld({
    twitch: true,
    app: true,
    sandboxChannel: true,
    events: true,
    logger: pino({ level: 'debug' }, logStream),
    dataDir,
  });

  const api = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    headers = {},
  ) => world.app.inject({ method, url, headers: { ...asService, ...headers }, payload });
  const asViewer = async (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const session = await world.app.inject({
      method: 'GET',
      url: '/api/v1/viewer/prizes',
      headers: { cookie },
    });
    const csrf = session.statusCode === 200 ? session.json().csrfToken : '';
    return world.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, payload });
  };
  const settings = async (changes: Record<string, unknown>) => {
    const response = await api('PATCH', `/api/v1/channels/${LOGIN}/settings`, changes);
    expect(response.statusCode, response.body).toBe(200);
  };
  const addPrize = async (name: string, quantity: number | null = 1): Promise<number> => {
    const response = await api('POST', `/api/v1/channels/${LOGIN}/items`, { name, weight: 10, quantity });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id;
  };
  const addCodes = (itemId: number, codes: string[]) =>
    api('POST', `/api/v1/channels/${LOGIN}/items/${itemId}/codes`, { codes });
  const codeStates = async (itemId: number) =>
    (await api('GET', `/api/v1/channels/${LOGIN}/items/${itemId}/codes`)).json();
  const draw = async (winners = 1): Promise<RaffleView> => {
    const response = await api('POST', `/api/v1/channels/${LOGIN}/raffles`, { winners });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const ledger = async () => (await api('GET', `/api/v1/channels/${LOGIN}/prizes-given`)).json();
  const quantityOf = async (itemId: number) =>
    (
      await world.database.db
        .selectFrom('items')
        .select('quantity')
        .where('id', '=', itemId)
        .executeTakeFirstOrThrow()
    ).quantity;
  const clearPrizes = () => api('DELETE', `/api/v1/channels/${LOGIN}/items`);
  const someoneElse = (userId: string) =>
    world.twitch.channel().chatterIds.find((id) => id !== '' && id !== userId && /^\d+$/.test(id)) ?? '';
  const runOut = (raffleId: number, position: number) =>
    runOutClaimWindow(world.database.db, raffleId, position);

  /** Every code given out in this file: none may show up where it should not. */
  const allCodes: string[] = [];
  const codesFor = (prefix: string, count: number) => {
    const codes = Array.from(
      { length: count },
      (_, index) => `${prefix}-${String(index).padStart(4, '0')}-QX7Z`,
    );
    allCodes.push(...codes);
    return codes;
  };

  beforeAll(async () => {
    world.twitch.setChatterCount(40);
    const listener = world.services.chatListener;
    if (!listener) throw new Error('no chat listener');
    const subscribed = listener.subscribed();
    listener.listen(world.channel.id, SANDBOX_CHANNEL.id ?? '');
    await subscribed;
    await world.services.claims.start();
    await world.services.discordLinks.link(GUILD, world.channel.id);
  });
  afterAll(async () => {
    await world.services.claims.stop();
  });
  beforeEach(async () => {
    await resetSettings(world.database.db, world.channel.id);
    await settings({ cooldownMinutes: 0 });
    await clearPrizes();
  });

  it('stores codes all or none: duplicates in the list or already stored are refused, quantity follows the codes', async () => {
    const itemId = await addPrize('chave steam', 1);
    const codes = codesFor('STEAM', 3);
    const repeated = await addCodes(itemId, [codes[0] as string, codes[1] as string, codes[0] as string]);
    expect(repeated.statusCode).toBe(409);
    expect(repeated.json().code).toBe('duplicate_codes');
    expect(repeated.body).not.toContain(codes[0]);
    expect((await codeStates(itemId)).total).toBe(0);

    const added = await addCodes(itemId, codes.slice(0, 2));
    expect(added.statusCode, added.body).toBe(201);
    // SPEC §2.8: a prize created with quantity 1 that receives 2 codes has quantity 2.
    expect(added.json()).toEqual({ added: 2, unused: 2, quantity: 2 });
    const again = await addCodes(itemId, [codes[2] as string, codes[1] as string]);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('duplicate_codes');
    expect(await quantityOf(itemId)).toBe(2);
    expect((await addCodes(itemId, [codes[2] as string])).json()).toEqual({
      added: 1,
      unused: 3,
      quantity: 3,
    });

    const secretLooking = `SECRET-${'Q'.repeat(200)}`;
    for (const bad of [[], ['   '], ['SECRET-two\nlines'], [secretLooking], [codes[0], 42]]) {
      const response = await addCodes(itemId, bad as string[]);
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      // The refusal names the problem, never the code.
      expect(response.body).not.toMatch(/SECRET|STEAM/);
    }
    const patched = await api('PATCH', `/api/v1/channels/${LOGIN}/items/${itemId}`, { quantity: 10 });
    expect(patched.statusCode).toBe(409);
    expect(patched.json().code).toBe('prize_has_codes');
    const items = (await api('GET', `/api/v1/channels/${LOGIN}/items`)).json().items;
    expect(items.find((item: { id: number }) => item.id === itemId)).toMatchObject({
      quantity: 3,
      codes: { unused: 3, total: 3 },
    });
    const listed = await codeStates(itemId);
    expect(listed.codes.map((code: { state: string }) => code.state)).toEqual(['unused', 'unused', 'unused']);
    expect(JSON.stringify(listed)).not.toMatch(/STEAM/);
  });

  it('takes 1,000 codes in one call', async () => {
    const itemId = await addPrize('gift card', null);
    const response = await addCodes(itemId, codesFor('GIFT', 1000));
    expect(response.statusCode, response.body.slice(0, 300)).toBe(201);
    expect(response.json()).toEqual({ added: 1000, unused: 1000, quantity: 1000 });
    const page = (await api('GET', `/api/v1/channels/${LOGIN}/items/${itemId}/codes?limit=1000`)).json();
    expect(page.codes).toHaveLength(1000);
    expect(page.total).toBe(1000);
  });

  it('shows the code only to the winner, once claimed without a window, and records the first reveal', async () => {
    const itemId = await addPrize('chave epic', 1);
    const [code] = codesFor('EPIC', 1) as [string];
    await addCodes(itemId, [code]);
    const raffle = await draw();
    const [winner] = raffle.winners;
    if (!winner) throw new Error('no winner');
    expect(winner).toMatchObject({ itemId, hasCode: true, claim: null });
    expect(raffle.claimPageUrl).toBe('http://kinoyu.test/resgatar');
    await vi.waitFor(() =>
      expect(world.twitch.chatMessages.map((line) => line.text).join('\n')).toContain(
        `Código do prêmio em http://kinoyu.test/resgatar`,
      ),
    );
    expect(await quantityOf(itemId)).toBe(0);
    expect((await ledger()).prizes[0]).toMatchObject({
      raffleId: raffle.raffleId,
      position: 1,
      userId: winner.userId,
      state: 'claimed',
      hasCode: true,
      deliveredAt: null,
    });

    // Another viewer signs in: nothing of theirs, and the winner's slot is not found for them.
    const other = await signInAsViewer(world.app, someoneElse(winner.userId));
    const theirs = await asViewer(other, 'GET', '/api/v1/viewer/prizes');
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().prizes).toEqual([]);
    const stolen = await asViewer(other, 'POST', `/api/v1/viewer/prizes/${raffle.raffleId}/1/reveal`, {});
    expect(stolen.statusCode).toBe(404);
    expect(stolen.body).not.toContain(code);

    // The winner signs in and sees the prize, then the code.
    const mine = await signInAsViewer(world.app, winner.userId);
    const listed = await asViewer(mine, 'GET', '/api/v1/viewer/prizes');
    expect(listed.json()).toMatchObject({
      viewer: { userId: winner.userId, login: winner.login },
      prizes: [
        { raffleId: raffle.raffleId, position: 1, itemName: 'chave epic', state: 'claimed', hasCode: true },
      ],
    });
    expect(listed.body).not.toContain(code);
    const withoutCsrf = await world.app.inject({
      method: 'POST',
      url: `/api/v1/viewer/prizes/${raffle.raffleId}/1/reveal`,
      headers: { cookie: mine },
      payload: {},
    });
    expect(withoutCsrf.statusCode).toBe(403);
    const revealed = await asViewer(mine, 'POST', `/api/v1/viewer/prizes/${raffle.raffleId}/1/reveal`, {});
    expect(revealed.statusCode, revealed.body).toBe(200);
    expect(revealed.json().code).toBe(code);
    expect(revealed.headers['cache-control']).toBe('no-store');
    const first = revealed.json().deliveredAt;
    const second = await asViewer(mine, 'POST', `/api/v1/viewer/prizes/${raffle.raffleId}/1/reveal`, {});
    expect(second.json()).toEqual({ code, deliveredAt: first });
    expect((await ledger()).prizes[0]).toMatchObject({ state: 'delivered', deliveredAt: first });
    expect((await codeStates(itemId)).codes[0]).toMatchObject({
      state: 'delivered',
      raffleId: raffle.raffleId,
      position: 1,
    });

    // The prize reached someone: its slot is not redrawn any more.
    const reroll = await api('POST', `/api/v1/raffles/${raffle.raffleId}/reroll`, { position: 1 });
    expect(reroll.statusCode).toBe(409);
    expect(reroll.json().code).toBe('prize_delivered');
  });

  it('keeps the code until the slot is claimed in chat; a forfeited code goes back and reaches a later winner', async () => {
    await settings({ claimEnabled: true, claimWord: '!claim', claimSeconds: 60, claimMaxRedraws: 0 });
    const itemId = await addPrize('chave gog', 1);
    const [code] = codesFor('GOG', 1) as [string];
    await addCodes(itemId, [code]);
    const raffle = await draw();
    const [winner] = raffle.winners;
    if (!winner) throw new Error('no winner');
    expect(winner.claim?.state).toBe('awaiting_claim');
    const holder = await signInAsViewer(world.app, winner.userId);
    const early = await asViewer(holder, 'POST', `/api/v1/viewer/prizes/${raffle.raffleId}/1/reveal`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('not_deliverable');
    expect((await asViewer(holder, 'GET', '/api/v1/viewer/prizes')).json().prizes[0]).toMatchObject({
      state: 'awaiting_claim',
      claimWord: '!claim',
    });
    expect((await ledger()).prizes[0]).toMatchObject({ state: 'awaiting_claim' });

    // Nobody claims: forfeited, the unit and its code go back.
    await runOut(raffle.raffleId, 1);
    await world.services.claims.runOnce();
    expect((await ledger()).prizes[0]).toMatchObject({ raffleId: raffle.raffleId, state: 'forfeited' });
    expect(await quantityOf(itemId)).toBe(1);
    expect((await codeStates(itemId)).codes[0]).toMatchObject({ state: 'unused', raffleId: null });
    expect(
      (await asViewer(holder, 'POST', `/api/v1/viewer/prizes/${raffle.raffleId}/1/reveal`, {})).statusCode,
    ).toBe(409);

    // The next winner gets that same code, and claims it in chat.
    const later = await draw();
    const [next] = later.winners;
    if (!next) throw new Error('no winner');
    expect(next.hasCode).toBe(true);
    world.twitch.pushChatMessage({ chatter: next.userId, text: '!claim' });
    await vi.waitFor(async () => expect((await ledger()).prizes[0]).toMatchObject({ state: 'claimed' }), {
      timeout: 5000,
    });
    await vi.waitFor(() =>
      expect(world.twitch.chatMessages.map((line) => line.text).join('\n')).toMatch(
        new RegExp(`@${next.login} resgatou chave gog! Código do prêmio em http://kinoyu.test/resgatar`),
      ),
    );
    const nextSession = await signInAsViewer(world.app, next.userId);
    const revealed = await asViewer(
      nextSession,
      'POST',
      `/api/v1/viewer/prizes/${later.raffleId}/1/reveal`,
      {},
    );
    expect(revealed.json().code).toBe(code);
  });

  it('links a Discord account through a signed single-use link, and the bot delivers to the linked winner once', async () => {
    const itemId = await addPrize('chave origin', 1);
    const [code] = codesFor('ORIGIN', 1) as [string];
    await addCodes(itemId, [code]);
    const raffle = await draw();
    const [winner] = raffle.winners;
    if (!winner) throw new Error('no winner');

    const minted = await api(
      'POST',
      `/api/v1/discord/${GUILD}/users/${DISCORD_ALICE}/link`,
      { username: 'alice' },
      {
        'x-discord-guild': GUILD,
      },
    );
    expect(minted.statusCode, minted.body).toBe(201);
    const link = new URL(minted.json().url).searchParams.get('link') ?? '';
    expect(minted.json().url).toMatch(/^http:\/\/kinoyu\.test\/vincular\?link=/);
    expect(await world.services.accountLinks.inspect(link)).toMatchObject({
      discordUserId: DISCORD_ALICE,
      discordUsername: 'alice',
    });

    const session = await signInAsViewer(
      world.app,
      winner.userId,
      `/vincular?link=${encodeURIComponent(link)}`,
    );
    const linked = await asViewer(session, 'POST', '/api/v1/viewer/account-link', { link });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toEqual({
      discordUserId: DISCORD_ALICE,
      discordUsername: 'alice',
      twitchLogin: winner.login,
    });
    const replay = await asViewer(session, 'POST', '/api/v1/viewer/account-link', { link });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe('replayed');
    // A used link shows the invalid-link page (SPEC §2.8), and reads as used.
    await expect(world.services.accountLinks.inspect(link)).rejects.toMatchObject({ code: 'replayed' });
    const page = await world.app.inject({ method: 'GET', url: `/vincular?link=${encodeURIComponent(link)}` });
    expect(page.statusCode).toBe(400);

    const bot = { 'x-discord-guild': GUILD };
    const recipients = await api(
      'GET',
      `/api/v1/discord/${GUILD}/raffles/${raffle.raffleId}/recipients`,
      undefined,
      bot,
    );
    expect(recipients.json()).toEqual({
      recipients: [{ position: 1, userId: winner.userId, discordUserId: DISCORD_ALICE, deliverable: true }],
    });
    const slot = `/api/v1/discord/${GUILD}/raffles/${raffle.raffleId}/slots/1`;
    const taken = await api('POST', `${slot}/delivery`, undefined, bot);
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toEqual({ discordUserId: DISCORD_ALICE, code });
    // Another bot process at the same moment gets nothing to send.
    expect((await api('POST', `${slot}/delivery`, undefined, bot)).json().code).toBe('not_deliverable');
    // The DM was refused (Discord 50007): the code can be taken again, and stays on the claim page.
    expect(
      (await api('POST', `${slot}/delivery/outcome`, { delivered: false, discordError: 50007 }, bot))
        .statusCode,
    ).toBe(204);
    expect((await ledger()).prizes[0]).toMatchObject({ state: 'claimed' });
    expect((await api('POST', `${slot}/delivery`, undefined, bot)).statusCode).toBe(200);
    expect((await api('POST', `${slot}/delivery/outcome`, { delivered: true }, bot)).statusCode).toBe(204);
    expect((await ledger()).prizes[0]).toMatchObject({ state: 'delivered' });
    expect((await api('POST', `${slot}/delivery`, undefined, bot)).json().code).toBe('not_deliverable');

    // Another server reaches only its own channel's raffles.
    const elsewhere = await api(
      'GET',
      `/api/v1/discord/${GUILD}/raffles/${raffle.raffleId}/recipients`,
      undefined,
      { 'x-discord-guild': '400000000000000009' },
    );
    expect(elsewhere.statusCode).toBe(403);

    expect(
      (await api('DELETE', `/api/v1/discord/${GUILD}/users/${DISCORD_ALICE}/link`, undefined, bot))
        .statusCode,
    ).toBe(204);
    expect(
      (await api('DELETE', `/api/v1/discord/${GUILD}/users/${DISCORD_ALICE}/link`, undefined, bot)).json()
        .code,
    ).toBe('not_linked');
  });

  it('claims from the Discord button for the linked holder only', async () => {
    await settings({ claimEnabled: true, claimWord: '!claim', claimSeconds: 60, claimMaxRedraws: 0 });
    await addPrize('skin', null);
    const raffle = await draw();
    const [winner] = raffle.winners;
    if (!winner) throw new Error('no winner');
    const bot = { 'x-discord-guild': GUILD };
    const claim = (discordUserId: string) =>
      api(
        'POST',
        `/api/v1/discord/${GUILD}/raffles/${raffle.raffleId}/slots/1/claim`,
        { discordUserId },
        bot,
      );

    expect((await claim(DISCORD_BOB)).json().code).toBe('not_linked');
    await world.services.accountLinks.link(DISCORD_BOB, { userId: someoneElse(winner.userId), login: 'bob' });
    expect((await claim(DISCORD_BOB)).json().code).toBe('not_slot_holder');
    await world.services.accountLinks.link(DISCORD_ALICE, { userId: winner.userId, login: winner.login });
    const claimed = await claim(DISCORD_ALICE);
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(
      world.events.filter((event) => event.type === 'raffle.claimed' && event.raffleId === raffle.raffleId),
    ).toHaveLength(1);
    expect((await claim(DISCORD_ALICE)).json().code).toBe('claim_closed');
    const view = (await api('GET', `/api/v1/raffles/${raffle.raffleId}`)).json();
    expect(view.winners[0].claim.state).toBe('claimed');
  });

  it('exports the ledger as CSV, with prize names that look like formulas defused', async () => {
    await addPrize('=HYPERLINK("x")', null);
    await draw();
    const response = await api('GET', `/api/v1/channels/${LOGIN}/prizes-given?format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment/);
    const [header, first] = response.body.split('\r\n');
    expect(header).toBe(
      'raffle_id,position,user_id,login,prize,state,won_at,claimed_at,delivered_at,forfeited_at,has_code',
    );
    expect(first).toContain(`"'=HYPERLINK(""x"")"`);
    const rows = response.body.trim().split('\r\n').length - 1;
    expect(rows).toBe(
      (await api('GET', `/api/v1/channels/${LOGIN}/prizes-given?limit=1000`)).json().prizes.length,
    );
  });

  it('never lets a code reach the proofs, the events, the logs or the database files in clear', async () => {
    expect(allCodes.length).toBeGreaterThan(1000);
    const raffles = (await api('GET', `/api/v1/channels/${LOGIN}/raffles?limit=100`)).json();
    const proofs = await Promise.all(
      raffles.raffles.map(
        async (raffle: { raffleId: number }) =>
          (await api('GET', `/api/v1/raffles/${raffle.raffleId}/proof`)).body,
      ),
    );
    const places = {
      proofs: proofs.join('\n'),
      events: JSON.stringify(world.events),
      logs: logLines.join(''),
      chat: world.twitch.chatMessages.map((line) => line.text).join('\n'),
      ledger: JSON.stringify(await ledger()),
    };
    expect(places.logs.length).toBeGreaterThan(1000);
    for (const [place, text] of Object.entries(places)) {
      for (const code of allCodes) if (text.includes(code)) throw new Error(`${code} found in the ${place}`);
    }
    const stored = await sql<{ row: string }>`select row_to_json(c)::text as row from item_codes c`.execute(
      world.database.db,
    );
    expect(stored.rows.length).toBeGreaterThan(0);
    expect(stored.rows.some((row) => allCodes.some((code) => row.row.includes(code)))).toBe(false);
    if (!process.env.TEST_DATABASE_URL) {
      await sql`checkpoint`.execute(world.database.db);
      // grep exits 1 when nothing matches: the files hold none of the codes' common marker.
      const grep = () => execFileSync('grep', ['-r', '-l', '-a', 'QX7Z', dataDir], { encoding: 'utf8' });
      expect(grep).toThrow();
    }
  });
});
