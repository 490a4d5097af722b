import { describe, expect, it, vi } from 'vitest';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { useWorld } from '../helpers/world.ts';

// Chat messages arrive over EventSub WebSocket (through twurple's listener) and are recorded once per
// Twitch message id, even when delivered twice.
describe('chat activity from EventSub', () => {
  const world = useWorld({ twitch: true, sandboxChannel: true });

  const activityOf = (login: string) =>
    world.database.db
      .selectFrom('chat_activity')
      .selectAll()
      .where('channel_id', '=', world.channel.id)
      .where('login', '=', login)
      .executeTakeFirst();

  it('records a message delivered twice once, and the next one too', async () => {
    const listener = world.services.chatListener;
    if (!listener) throw new Error('no chat listener');
    const subscribed = listener.subscribed();
    listener.listen(world.channel.id, SANDBOX_CHANNEL.id ?? '');
    await subscribed;
    world.twitch.pushChatMessage({ chatter: 'fulano_de_tal', text: '!sorteio', deliveries: 2 });
    world.twitch.pushChatMessage({ chatter: 'fulano_de_tal', text: 'boa sorte' });
    await vi.waitFor(async () => expect((await activityOf('fulano_de_tal'))?.message_count).toBe(2));
    const active = await world.services.chatActivity.activeSince(
      world.channel.id,
      new Date(Date.now() - 60_000),
    );
    expect(active.size).toBe(1);
  });

  it('ignores a message id it already recorded', async () => {
    const message = {
      messageId: 'same-id-1',
      channelId: world.channel.id,
      userId: '424242',
      login: 'ciclana',
      at: new Date(),
    };
    expect(await world.services.chatActivity.record(message)).toBe(true);
    expect(await world.services.chatActivity.record(message)).toBe(false);
    expect((await activityOf('ciclana'))?.message_count).toBe(1);
  });
});
