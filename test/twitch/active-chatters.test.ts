import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../src/channels/channel-repository.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { asService } from '../helpers/app.ts';
import { resetSettings } from '../helpers/settings.ts';
import { useWorld } from '../helpers/world.ts';

interface Listed {
  chatters: { userId: string; login: string }[];
  excluded: { userId: string; login: string; reason: string }[];
  total: number;
}

// SPEC §3 "active chatters": with channel_settings.active_chatters_minutes set, only viewers who chatted
// within the window (recorded from EventSub channel.chat.message) can win; the rest stay in the
// snapshot as `inactive`, so the proof shows them.
describe('active chatters mode', () => {
  const world = useWorld({ twitch: true, app: true, sandboxChannel: true });
  let channel: Channel;

  beforeAll(async () => {
    channel = world.channel;
    const listener = world.services.chatListener;
    if (!listener) throw new Error('no chat listener');
    const subscribed = listener.subscribed();
    listener.listen(channel.id, SANDBOX_CHANNEL.id ?? '');
    await subscribed;
    // Two viewers chat now, through EventSub; a third chatted 30 minutes ago.
    world.twitch.pushChatMessage({ chatter: 'falante_um', text: 'oi' });
    world.twitch.pushChatMessage({ chatter: 'falante_dois', text: '!sorteio' });
    const earlier = world.twitch.pushChatMessage({ chatter: 'falou_cedo', text: 'fui' });
    await vi.waitFor(async () => {
      const recorded = await world.database.db.selectFrom('chat_activity').select('login').execute();
      expect(recorded).toHaveLength(3);
    });
    await world.database.db
      .updateTable('chat_activity')
      .set({ last_message_at: new Date(Date.now() - 30 * 60_000) })
      .where('user_id', '=', earlier.chatterId)
      .execute();
  });
  beforeEach(async () => {
    await resetSettings(world.database.db, channel.id);
  });

  const setWindow = (minutes: number) =>
    world.database.db
      .updateTable('channel_settings')
      .set({ active_chatters_minutes: minutes })
      .where('channel_id', '=', channel.id)
      .execute();
  const listChatters = async (): Promise<Listed> =>
    (
      await world.app.inject({
        method: 'GET',
        url: `/api/v1/channels/${SANDBOX_CHANNEL.login}/chatters`,
        headers: asService,
      })
    ).json();

  it('keeps only who chatted within the window eligible, and lists the others as inactive', async () => {
    await setWindow(10);
    const listed = await listChatters();
    expect(listed.chatters.map((chatter) => chatter.login).sort()).toEqual(['falante_dois', 'falante_um']);
    expect(listed.total).toBe(world.twitch.channel().chatterIds.length);
    const reasons = new Map(listed.excluded.map((entry) => [entry.login, entry.reason]));
    expect(reasons.get('falou_cedo')).toBe('inactive');
    // The bots keep their own reason; everyone else in chat is inactive.
    expect(reasons.get('nightbot')).toBe('bot');
    expect([...reasons.values()].filter((reason) => reason === 'inactive').length).toBeGreaterThan(100);
  });

  it('widens with the window: 60 minutes includes who chatted half an hour ago', async () => {
    await setWindow(60);
    const listed = await listChatters();
    expect(listed.chatters.map((chatter) => chatter.login).sort()).toEqual([
      'falante_dois',
      'falante_um',
      'falou_cedo',
    ]);
  });

  it('draws only among active chatters, and the proof shows the inactive ones', async () => {
    await setWindow(10);
    const response = await world.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${SANDBOX_CHANNEL.login}/raffles`,
      headers: asService,
      payload: { winners: 2 },
    });
    expect(response.statusCode).toBe(201);
    const raffle = response.json();
    expect(raffle.winners.map((winner: { login: string }) => winner.login).sort()).toEqual([
      'falante_dois',
      'falante_um',
    ]);
    const proof = (
      await world.app.inject({ method: 'GET', url: `/api/v1/raffles/${raffle.raffleId}/proof` })
    ).json();
    expect(proof.excluded).toEqual(
      expect.arrayContaining([expect.objectContaining({ login: 'falou_cedo', reason: 'inactive' })]),
    );
  });

  it('leaves everyone in chat eligible when the mode is off', async () => {
    const listed = await listChatters();
    expect(listed.excluded.some((entry) => entry.reason === 'inactive')).toBe(false);
    expect(listed.chatters.length).toBeGreaterThan(100);
  });
});
