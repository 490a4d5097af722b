import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { EntriesView } from '../../src/contract/entries.ts';
import type { PublishedEvent } from '../../src/contract/events.ts';
import type { RaffleView } from '../../src/contract/raffle.ts';
import type { Proof } from '../../src/raffles/proof.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { useWorld } from '../helpers/world.ts';

const LOGIN = SANDBOX_CHANNEL.login;

// SPEC §2.7: entries by keyword. The tests run in order on one channel: no window yet, a window
// opened, viewers typing, the draws of keyword mode, then the anti-alt rules.
describe('entries by keyword', () => {
  const world = useWorld({ twitch: true, app: true, sandboxChannel: true, events: true });
  let viewers: string[];

  const api = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    world.app.inject({ method, url, headers: asService, payload });
  const entries = async (query = ''): Promise<EntriesView> =>
    (await api('GET', `/api/v1/channels/${LOGIN}/entries${query}`)).json();
  const settings = async (changes: Record<string, unknown>) =>
    expect((await api('PATCH', `/api/v1/channels/${LOGIN}/settings`, changes)).statusCode).toBe(200);
  const say = (chatter: string, text: string) => world.twitch.pushChatMessage({ chatter, text });
  const drawProof = async (): Promise<{ raffle: RaffleView; proof: Proof }> => {
    const response = await api('POST', `/api/v1/channels/${LOGIN}/raffles`, { winners: 1 });
    expect(response.statusCode, response.body).toBe(201);
    const raffle: RaffleView = response.json();
    const proof: Proof = (await api('GET', `/api/v1/raffles/${raffle.raffleId}/proof`)).json();
    expect((await verifyProof(proof, nodeSha256)).ok).toBe(true);
    return { raffle, proof };
  };
  const chatLines = () => world.twitch.sentChatMessages.map((line) => line.text);
  const ofType = (type: PublishedEvent['type']) => world.events.filter((event) => event.type === type);

  beforeAll(async () => {
    world.twitch.setChatterCount(30);
    viewers = [...world.twitch.channel().chatterIds].filter((id) => /^\d{9}$/.test(id)).slice(0, 8);
    // Old accounts, whatever the fake world drew for them (some of its viewers are new on purpose).
    for (const id of viewers) world.twitch.setAccountCreatedAt(id, new Date('2019-05-01T00:00:00Z'));
    const listener = world.services.chatListener;
    if (!listener) throw new Error('no chat listener');
    const subscribed = listener.subscribed();
    listener.listen(world.channel.id, SANDBOX_CHANNEL.id ?? '');
    await subscribed;
    await settings({ cooldownMinutes: 0 });
  });

  it('refuses a keyword-mode draw before any window was opened', async () => {
    await settings({ entryMode: 'keyword' });
    const response = await api('POST', `/api/v1/channels/${LOGIN}/raffles`, { winners: 1 });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('no_entry_window');
    expect((await entries()).open).toBe(false);
  });

  it('opens a window once, announced in Twitch chat and as an event', async () => {
    const opened = await api('POST', `/api/v1/channels/${LOGIN}/entries`, {});
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({ open: true, keyword: '!participar', count: 0 });
    const again = await api('POST', `/api/v1/channels/${LOGIN}/entries`, { keyword: '!outra' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('entries_already_open');
    expect(ofType('entries.opened')).toHaveLength(1);
    expect(ofType('entries.opened')[0]).toMatchObject({ keyword: '!participar', channel: LOGIN });
    await vi.waitFor(() =>
      expect(chatLines()).toContain('Sorteio aberto! Digite !participar no chat para entrar.'),
    );
  });

  it('counts whoever types the keyword once (case, spaces and invisible marks tolerated), and nothing else', async () => {
    const [a, b, c, d] = viewers as [string, string, string, string];
    say(a, '!participar');
    say(b, '  !PARTICIPAR  ');
    say(c, '!participar \u{e0000}');
    say(a, '!participar');
    say(d, 'quero participar');
    say(d, '!participar agora');
    say('nightbot', '!participar');
    say(SANDBOX_CHANNEL.id ?? '', '!participar');
    await vi.waitFor(async () => {
      const view = await entries();
      expect(view.count).toBe(3);
      expect(view.refusedCount).toBe(2);
    });
    const view = await entries();
    expect(view.entrants.map((entrant) => entrant.userId).sort()).toEqual([a, b, c].sort());
    expect(Object.fromEntries(view.refused.map((refused) => [refused.login, refused.reason]))).toEqual({
      nightbot: 'bot',
      [SANDBOX_CHANNEL.login]: 'broadcaster',
    });
    // The running count reaches the streams. It is published at most once a second, so the last
    // update can come a whole second after the entries: wait longer than that.
    await vi.waitFor(
      () => expect(ofType('entries.updated').at(-1)).toMatchObject({ count: 3, refusedCount: 2 }),
      { timeout: 5000 },
    );
  });

  it('pages its lists by user id', async () => {
    const first = await entries('?limit=2');
    expect(first.entrants.length + first.refused.length).toBe(2);
    expect(first.nextAfter).not.toBeNull();
    const rest = await entries(`?limit=1000&after=${first.nextAfter}`);
    expect(rest.nextAfter).toBeNull();
    const seen = [...first.entrants, ...first.refused, ...rest.entrants, ...rest.refused].map(
      (e) => e.userId,
    );
    expect(new Set(seen).size).toBe(5);
    expect((await api('GET', `/api/v1/channels/${LOGIN}/entries?limit=0`)).statusCode).toBe(400);
    expect((await api('GET', `/api/v1/channels/${LOGIN}/entries?limit=1001`)).statusCode).toBe(400);
  });

  it('draws among the entrants only; refused ones and who left the chat are listed with their reason', async () => {
    const [a, b, c] = viewers as [string, string, string];
    world.twitch.channel().leave(c);
    const { raffle, proof } = await drawProof();
    expect([a, b]).toContain(raffle.winners[0]?.userId);
    expect(proof.entrants.map((entrant) => entrant.userId).sort()).toEqual([a, b].sort());
    const reasons = Object.fromEntries(proof.excluded.map((excluded) => [excluded.userId, excluded.reason]));
    expect(reasons[c]).toBe('not_present');
    expect(Object.values(reasons).sort()).toEqual(['bot', 'broadcaster', 'not_present']);
    // Without the presence rule, whoever entered can win even after leaving.
    await settings({ entryRequiresPresence: false });
    const again = await drawProof();
    expect(again.proof.entrants.map((entrant) => entrant.userId).sort()).toEqual([a, b, c].sort());
    await settings({ entryRequiresPresence: true });
    world.twitch.channel().join(c);
  });

  it('closes the window: later keywords do not enter, and draws keep using the closed window', async () => {
    const closed = await api('DELETE', `/api/v1/channels/${LOGIN}/entries`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ open: false, count: 3 });
    expect(ofType('entries.closed').at(-1)).toMatchObject({ count: 3 });
    await vi.waitFor(() => expect(chatLines()).toContain('Inscrições encerradas: 3 participantes.'));
    const late = viewers[5] as string;
    say(late, '!participar');
    await vi.waitFor(async () => {
      const activity = await world.database.db
        .selectFrom('chat_activity')
        .select('user_id')
        .where('user_id', '=', late)
        .execute();
      expect(activity).toHaveLength(1);
    });
    expect((await entries()).count).toBe(3);
    const { proof } = await drawProof();
    expect(proof.entrants.map((entrant) => entrant.userId)).not.toContain(late);
    const notOpen = await api('DELETE', `/api/v1/channels/${LOGIN}/entries`);
    expect(notOpen.statusCode).toBe(409);
    expect(notOpen.json().code).toBe('entries_not_open');
  });

  it('refuses accounts younger than minAccountAgeDays at entry, and shows them in the proof', async () => {
    await settings({ minAccountAgeDays: 30 });
    await api('POST', `/api/v1/channels/${LOGIN}/entries`, { keyword: 'eu' });
    const old = viewers[6] as string;
    world.twitch.setAccountCreatedAt('conta_nova_1', new Date(Date.now() - 5 * 86_400_000));
    say(old, 'EU');
    say('conta_nova_1', 'eu');
    await vi.waitFor(async () => {
      const view = await entries();
      expect(view.count).toBe(1);
      expect(view.refused).toEqual([
        expect.objectContaining({ login: 'conta_nova_1', reason: 'account_too_new' }),
      ]);
    });
    const { proof } = await drawProof();
    expect(proof.entrants.map((entrant) => entrant.userId)).toEqual([old]);
    expect(proof.excluded).toEqual([
      expect.objectContaining({ login: 'conta_nova_1', reason: 'account_too_new' }),
    ]);
    await api('DELETE', `/api/v1/channels/${LOGIN}/entries`);
  });

  it('refuses who does not follow, or followed too recently; both rules failing gives the account-age reason', async () => {
    await settings({ minAccountAgeDays: 30, minFollowDays: 7 });
    await api('POST', `/api/v1/channels/${LOGIN}/entries`, { keyword: '!follow' });
    const broadcaster = SANDBOX_CHANNEL.login;
    const [follower, recent, stranger] = viewers.slice(0, 3) as [string, string, string];
    const day = 86_400_000;
    world.twitch.setFollow(broadcaster, follower, new Date(Date.now() - 400 * day));
    world.twitch.setFollow(broadcaster, recent, new Date(Date.now() - 2 * day));
    world.twitch.setFollow(broadcaster, stranger, null);
    // A new account that follows since yesterday fails both rules.
    world.twitch.setAccountCreatedAt('conta_nova_2', new Date(Date.now() - 3 * day));
    world.twitch.setFollow(broadcaster, 'conta_nova_2', new Date(Date.now() - day));
    for (const viewer of [follower, recent, stranger, 'conta_nova_2']) say(viewer, '!follow');
    await vi.waitFor(async () => expect((await entries()).refusedCount).toBe(3), { timeout: 5000 });
    const view = await entries();
    expect(view.entrants.map((entrant) => entrant.userId)).toEqual([follower]);
    const reasons = Object.fromEntries(view.refused.map((refused) => [refused.userId, refused.reason]));
    expect(reasons[recent]).toBe('follow_too_recent');
    expect(reasons[stranger]).toBe('not_following');
    expect(view.refused.find((refused) => refused.login === 'conta_nova_2')?.reason).toBe('account_too_new');
    const { proof } = await drawProof();
    expect(proof.entrants.map((entrant) => entrant.userId)).toEqual([follower]);
    expect(proof.excluded.map((excluded) => excluded.reason).sort()).toEqual([
      'account_too_new',
      'follow_too_recent',
      'not_following',
    ]);
    await api('DELETE', `/api/v1/channels/${LOGIN}/entries`);
    await settings({ minFollowDays: 0 });
  });

  it('reads the follower list once, and finds a follow made after it was read', async () => {
    await settings({ minAccountAgeDays: 0, minFollowDays: 7 });
    await api('POST', `/api/v1/channels/${LOGIN}/entries`, { keyword: '!segue' });
    const oldFollower = viewers[0] as string;
    const newcomer = world.twitch.setAccountCreatedAt('seguidor_novo', new Date('2020-01-01T00:00:00Z')).id;
    const requestsBefore = world.twitch.requestCount('/mock/channels/followers');
    say(oldFollower, '!segue');
    await vi.waitFor(async () => expect((await entries()).count).toBe(1), { timeout: 5000 });
    // Follows now, after the list was read: its entry is judged on the new follow, not as "not following".
    world.twitch.setFollow(SANDBOX_CHANNEL.login, newcomer, new Date());
    say(newcomer, '!segue');
    await vi.waitFor(
      async () =>
        expect((await entries()).refused).toEqual([
          expect.objectContaining({ userId: newcomer, reason: 'follow_too_recent' }),
        ]),
      { timeout: 5000 },
    );
    // One list read at most (the cache may still hold it from the test before) plus a look at its head.
    expect(world.twitch.requestCount('/mock/channels/followers') - requestsBefore).toBeLessThanOrEqual(3);
    await api('DELETE', `/api/v1/channels/${LOGIN}/entries`);
    await settings({ minFollowDays: 0 });
  });

  it('asks a connection made without the follower scope to reconnect before turning the follow rule on', async () => {
    const token = await world.services.tokenStore.load(world.channel.id);
    if (!token) throw new Error('no token');
    await world.services.tokenStore.save(world.channel.id, {
      ...token,
      scope: token.scope.filter((scope) => scope !== 'moderator:read:followers'),
    });
    try {
      const refused = await api('PATCH', `/api/v1/channels/${LOGIN}/settings`, { minFollowDays: 3 });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('reconnect_for_follow_rules');
      const after = (await api('GET', `/api/v1/channels/${LOGIN}`)).json();
      expect(after.settings.minFollowDays).toBe(0);
    } finally {
      await world.services.tokenStore.save(world.channel.id, token);
    }
  });

  it('keeps an entry Twitch could not check pending, checks it again before the draw, and never lets it win unchecked', async () => {
    await settings({ minAccountAgeDays: 30, minFollowDays: 0 });
    await api('POST', `/api/v1/channels/${LOGIN}/entries`, { keyword: '!eu' });
    const first = viewers[7] as string;
    world.twitch.failEvery('/mock/users', 1, { status: 503 });
    say(first, '!eu');
    await vi.waitFor(async () => expect((await entries()).pendingCount).toBe(1), { timeout: 15_000 });
    await world.services.entries.settled();
    expect((await entries()).pending.map((entry) => entry.userId)).toEqual([first]);
    // Still failing at draw time: left out as unchecked, and nobody else entered, so nothing is drawn.
    const refused = await api('POST', `/api/v1/channels/${LOGIN}/raffles`, { winners: 1 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('no_eligible_entrants');
    // Twitch answers again: the check before the draw admits it.
    world.twitch.clearFaults();
    const { raffle, proof } = await drawProof();
    expect(raffle.winners[0]?.userId).toBe(first);
    expect(proof.entrants.map((entrant) => entrant.userId)).toEqual([first]);
    expect((await entries()).count).toBe(1);
    await api('DELETE', `/api/v1/channels/${LOGIN}/entries`);
  }, 60_000);
});
