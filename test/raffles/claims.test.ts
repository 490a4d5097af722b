import pino from 'pino';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublishedEvent } from '../../src/contract/events.ts';
import type { RaffleView } from '../../src/contract/raffle.ts';
import { ClaimRepository } from '../../src/raffles/claim-repository.ts';
import { ClaimService } from '../../src/raffles/claim-service.ts';
import type { Proof } from '../../src/raffles/proof.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import { verifyProof } from '../../src/raffles/verify.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { runOutClaimWindow, windowRanWhileNobodyListened } from '../helpers/claims.ts';
import { resetSettings } from '../helpers/settings.ts';
import { useWorld } from '../helpers/world.ts';

const LOGIN = SANDBOX_CHANNEL.login;

// SPEC §2.6: with claims on, every slot waits for its holder's claim word in Twitch chat (EventSub);
// at the deadline an unclaimed slot is redrawn as a §4 redraw, and after claimMaxRedraws it is forfeited
// with its prize unit back in stock. Deadlines live in the database and are handled once.
describe('claim windows', () => {
  const world = useWorld({ twitch: true, app: true, sandboxChannel: true, events: true });

  const api = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    world.app.inject({ method, url, headers: asService, payload });
  const settings = async (changes: Record<string, unknown>) => {
    const response = await api('PATCH', `/api/v1/channels/${LOGIN}/settings`, changes);
    expect(response.statusCode).toBe(200);
  };
  const draw = async (winners = 1): Promise<RaffleView> => {
    const response = await api('POST', `/api/v1/channels/${LOGIN}/raffles`, { winners });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const raffle = async (id: number): Promise<RaffleView> =>
    (await api('GET', `/api/v1/raffles/${id}`)).json();
  const proof = async (id: number): Promise<Proof> =>
    (await api('GET', `/api/v1/raffles/${id}/proof`)).json();
  const say = (chatter: string, text: string) => world.twitch.pushChatMessage({ chatter, text });
  const runOut = (raffleId: number, position: number) =>
    runOutClaimWindow(world.database.db, raffleId, position);
  const eventsOf = <T extends PublishedEvent['type']>(type: T, raffleId: number) =>
    world.events.filter(
      (event): event is Extract<PublishedEvent, { type: T }> =>
        event.type === type && (event as { raffleId?: number }).raffleId === raffleId,
    );
  const quantityOf = async (itemId: number) =>
    (
      await world.database.db
        .selectFrom('items')
        .select('quantity')
        .where('id', '=', itemId)
        .executeTakeFirstOrThrow()
    ).quantity;
  const chatLines = () =>
    world.twitch.chatMessages.filter((line) => line.via === 'helix').map((line) => line.text);

  beforeAll(async () => {
    world.twitch.setChatterCount(40);
    const listener = world.services.chatListener;
    if (!listener) throw new Error('no chat listener');
    const subscribed = listener.subscribed();
    listener.listen(world.channel.id, SANDBOX_CHANNEL.id ?? '');
    await subscribed;
    await world.services.claims.start();
  });
  beforeEach(async () => {
    await resetSettings(world.database.db, world.channel.id);
    await settings({
      claimEnabled: true,
      claimWord: '!claim',
      claimSeconds: 60,
      claimMaxRedraws: 2,
      cooldownMinutes: 0,
    });
    await world.database.db.deleteFrom('items').where('channel_id', '=', world.channel.id).execute();
  });

  it('opens a window per slot and announces the word and the time in Twitch chat', async () => {
    await api('POST', `/api/v1/channels/${LOGIN}/items`, { name: 'skin dourada', weight: 1, quantity: 5 });
    const drawn = await draw(2);
    for (const winner of drawn.winners) {
      expect(winner.claim).toMatchObject({ state: 'awaiting_claim', claimedAt: null });
      const left = Date.parse(winner.claim?.deadline ?? '') - Date.now();
      expect(left).toBeGreaterThan(50_000);
      expect(left).toBeLessThanOrEqual(60_000);
    }
    await vi.waitFor(() => {
      for (const winner of drawn.winners) {
        expect(chatLines()).toContain(
          `@${winner.login} ganhou skin dourada! Digite !claim em 60 s — Prova: ${drawn.proofPageUrl}`,
        );
      }
    });
  });

  it("claims the holder's slot on their claim word (any case and spaces), and ignores everyone else's", async () => {
    const drawn = await draw(1);
    const holder = drawn.winners[0];
    if (!holder) throw new Error('no winner');
    const someoneElse = world.twitch.channel().chatterIds.find((id) => id !== holder.userId) ?? '';
    say(someoneElse, '!claim');
    say(holder.userId, 'oi chat');
    await vi.waitFor(async () =>
      expect((await raffle(drawn.raffleId)).winners[0]?.claim?.firstMessage).toBe('oi chat'),
    );
    expect((await raffle(drawn.raffleId)).winners[0]?.claim?.state).toBe('awaiting_claim');
    // While the window runs, the proof is not cached: its claims still change.
    const running = await api('GET', `/api/v1/raffles/${drawn.raffleId}/proof`);
    expect(running.headers['cache-control']).toBe('no-store');
    say(holder.userId, '   !CLAIM  ');
    await vi.waitFor(async () =>
      expect((await raffle(drawn.raffleId)).winners[0]?.claim?.state).toBe('claimed'),
    );
    // Published right after the commit that the poll above may see first.
    await vi.waitFor(() => expect(eventsOf('raffle.claimed', drawn.raffleId)).toHaveLength(1));
    const claimed = eventsOf('raffle.claimed', drawn.raffleId);
    expect(claimed[0]).toMatchObject({ position: 1, userId: holder.userId, login: holder.login });
    // The first message stays the first one.
    expect((await raffle(drawn.raffleId)).winners[0]?.claim?.firstMessage).toBe('oi chat');
    await vi.waitFor(() => expect(chatLines()).toContain(`✅ @${holder.login} resgatou o prêmio!`));
    const settled = await api('GET', `/api/v1/raffles/${drawn.raffleId}/proof`);
    expect(settled.headers['cache-control']).toBe('public, max-age=60');
    expect((await verifyProof(await proof(drawn.raffleId), nodeSha256)).ok).toBe(true);
  });

  it('never counts a claim word sent before the viewer held the slot', async () => {
    const drawn = await draw(1);
    const first = drawn.winners[0];
    if (!first) throw new Error('no winner');
    // Everyone else types the word now, while `first` holds the slot; one of them gets it next.
    const others = world.twitch.channel().chatterIds.filter((id) => id !== first.userId);
    for (const id of others) say(id, '!claim');
    await vi.waitFor(async () => {
      const rows = await world.database.db.selectFrom('chat_activity').select('user_id').execute();
      expect(rows.length).toBeGreaterThanOrEqual(others.length);
    });
    await runOut(drawn.raffleId, 1);
    await vi.waitFor(() => expect(eventsOf('raffle.drawn', drawn.raffleId)).toHaveLength(2));
    const after = await raffle(drawn.raffleId);
    expect(after.winners[0]?.userId).not.toBe(first.userId);
    expect(after.winners[0]?.claim?.state).toBe('awaiting_claim');
  });

  it('redraws an unclaimed slot (reason unclaimed), and the new holder claims it; the proof verifies', async () => {
    const item = (
      await api('POST', `/api/v1/channels/${LOGIN}/items`, { name: 'chave', weight: 1, quantity: 3 })
    ).json();
    const drawn = await draw(1);
    const first = drawn.winners[0];
    if (!first) throw new Error('no winner');
    expect(await quantityOf(item.id)).toBe(2);
    await runOut(drawn.raffleId, 1);
    await vi.waitFor(() => expect(eventsOf('raffle.drawn', drawn.raffleId)).toHaveLength(2));
    const redraw = eventsOf('raffle.drawn', drawn.raffleId)[1];
    expect(redraw).toMatchObject({ trigger: 'unclaimed', position: 1, replaced: { userId: first.userId } });
    const second = (await raffle(drawn.raffleId)).winners[0];
    if (!second) throw new Error('no holder');
    expect(second.userId).not.toBe(first.userId);
    expect(second.itemName).toBe('chave');
    // The old holder's word no longer counts; the new holder's does.
    say(first.userId, '!claim');
    say(second.userId, '!claim');
    await vi.waitFor(async () =>
      expect((await raffle(drawn.raffleId)).winners[0]?.claim?.state).toBe('claimed'),
    );
    expect((await raffle(drawn.raffleId)).winners[0]?.userId).toBe(second.userId);
    expect(await quantityOf(item.id)).toBe(2);
    const published = await proof(drawn.raffleId);
    expect(published.replaced).toEqual([
      { position: 1, userId: first.userId, login: first.login, reason: 'unclaimed' },
    ]);
    expect(published.winners[0]?.claim).toMatchObject({ state: 'claimed' });
    expect((await verifyProof(published, nodeSha256)).ok).toBe(true);
    await vi.waitFor(() =>
      expect(chatLines()).toContain(`⌛ @${first.login} não resgatou a tempo: novo sorteio da vaga.`),
    );
  });

  it('forfeits after claimMaxRedraws redraws: the last holder stays, the prize goes back to stock', async () => {
    await settings({ claimMaxRedraws: 1 });
    const item = (
      await api('POST', `/api/v1/channels/${LOGIN}/items`, { name: 'gift card', weight: 1, quantity: 1 })
    ).json();
    const drawn = await draw(1);
    expect(await quantityOf(item.id)).toBe(0);
    await runOut(drawn.raffleId, 1);
    await vi.waitFor(() => expect(eventsOf('raffle.drawn', drawn.raffleId)).toHaveLength(2));
    const last = (await raffle(drawn.raffleId)).winners[0];
    await runOut(drawn.raffleId, 1);
    await vi.waitFor(() => expect(eventsOf('raffle.forfeited', drawn.raffleId)).toHaveLength(1));
    const after = await raffle(drawn.raffleId);
    expect(after.winners[0]).toMatchObject({ userId: last?.userId, claim: { state: 'forfeited' } });
    expect(await quantityOf(item.id)).toBe(1);
    // A claim after the forfeit changes nothing, and the slot cannot be redrawn (its unit is back).
    say(last?.userId ?? '', '!claim');
    const reroll = await api('POST', `/api/v1/raffles/${drawn.raffleId}/reroll`, { position: 1 });
    expect(reroll.statusCode).toBe(409);
    expect(reroll.json().code).toBe('slot_forfeited');
    expect(await quantityOf(item.id)).toBe(1);
    expect(eventsOf('raffle.drawn', drawn.raffleId)).toHaveLength(2);
    const published = await proof(drawn.raffleId);
    expect(published.replaced.map((holder) => holder.reason)).toEqual(['unclaimed']);
    expect((await verifyProof(published, nodeSha256)).ok).toBe(true);
  });

  it('forfeits at once when nobody is left to redraw', async () => {
    await settings({ claimMaxRedraws: 5 });
    const response = await api('POST', `/api/v1/channels/${LOGIN}/raffles`, {
      winners: 1,
      entrants: [{ userId: '900001', login: 'unico' }],
    });
    const drawn: RaffleView = response.json();
    await runOut(drawn.raffleId, 1);
    await vi.waitFor(() => expect(eventsOf('raffle.forfeited', drawn.raffleId)).toHaveLength(1));
    expect((await raffle(drawn.raffleId)).replaced).toEqual([]);
  });

  it('starts a window again when nobody was listening to chat during it', async () => {
    const drawn = await draw(1);
    // The window began two minutes ago and ran out a minute ago — before any API process was alive
    // (this test's process registered when the file started, less than two minutes ago).
    const instanceStart = await windowRanWhileNobodyListened(world.database.db, drawn.raffleId);
    await vi.waitFor(async () => {
      const deadline = (await raffle(drawn.raffleId)).winners[0]?.claim?.deadline;
      expect(Date.parse(deadline ?? '')).toBe(instanceStart.getTime() + 60_000);
    });
    const after = await raffle(drawn.raffleId);
    expect(after.winners[0]?.userId).toBe(drawn.winners[0]?.userId);
    expect(after.winners[0]?.claim?.state).toBe('awaiting_claim');
    expect(eventsOf('raffle.drawn', drawn.raffleId)).toHaveLength(1);
    // Published right after the commit that the poll above may see first.
    await vi.waitFor(() => expect(eventsOf('raffle.claim_restarted', drawn.raffleId)).toHaveLength(1));
    expect(eventsOf('raffle.claim_restarted', drawn.raffleId)).toEqual([
      expect.objectContaining({
        position: 1,
        userId: drawn.winners[0]?.userId,
        deadline: new Date(instanceStart.getTime() + 60_000).toISOString(),
      }),
    ]);
    await vi.waitFor(() =>
      expect(chatLines()).toContain(
        `@${drawn.winners[0]?.login}, o tempo para resgatar recomeçou: Digite !claim em 60 s`,
      ),
    );
  });

  it('handles each expiry once when several processes run the pass at the same time', async () => {
    const replicas = Array.from(
      { length: 3 },
      () =>
        new ClaimService(
          {
            claims: new ClaimRepository(world.database.db),
            raffles: world.services.raffleRepository,
            channels: world.services.channels,
            announcer: world.services.announcer,
            events: world.services.events,
            chat: undefined,
            publicUrl: 'http://kinoyu.test',
            logger: pino({ level: 'silent' }),
          },
          { passMs: 20 },
        ),
    );
    await Promise.all(replicas.map((replica) => replica.start()));
    const published: PublishedEvent[] = [];
    const unsubscribe = world.services.events.subscribe((event) => published.push(event));
    try {
      const drawn = await Promise.all(Array.from({ length: 6 }, () => draw(3)));
      for (const raffleView of drawn)
        for (const position of [1, 2, 3]) await runOut(raffleView.raffleId, position);
      const redraws = () =>
        published.filter(
          (event): event is Extract<PublishedEvent, { type: 'raffle.drawn' }> =>
            event.type === 'raffle.drawn' && event.trigger === 'unclaimed',
        );
      await vi.waitFor(() => expect(redraws()).toHaveLength(18), { timeout: 10_000 });
      // Every process looks once more: nothing is left to handle, nothing is redrawn twice.
      expect(await Promise.all(replicas.map((replica) => replica.runOnce()))).toEqual([0, 0, 0]);
      expect(redraws()).toHaveLength(18);
      const slots = redraws().map((event) => `${event.raffleId}:${event.position}`);
      expect(new Set(slots).size).toBe(18);
      for (const raffleView of drawn) {
        const published = await proof(raffleView.raffleId);
        expect(published.replaced).toHaveLength(3);
        expect((await verifyProof(published, nodeSha256)).ok).toBe(true);
      }
    } finally {
      unsubscribe();
      await Promise.all(replicas.map((replica) => replica.stop()));
    }
  });

  it('the verifier rejects a proof whose redraws were put in another order', async () => {
    const drawn = await draw(1);
    await runOut(drawn.raffleId, 1);
    await vi.waitFor(() => expect(eventsOf('raffle.drawn', drawn.raffleId)).toHaveLength(2));
    await runOut(drawn.raffleId, 1);
    await vi.waitFor(() => expect(eventsOf('raffle.drawn', drawn.raffleId)).toHaveLength(3));
    const published = await proof(drawn.raffleId);
    expect(published.replaced).toHaveLength(2);
    expect((await verifyProof(published, nodeSha256)).ok).toBe(true);
    const swapped = { ...published, replaced: [...published.replaced].reverse() };
    const verdict = await verifyProof(swapped, nodeSha256);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.map((problem) => problem.code)).toContain('replaced_mismatch');
  });
});
