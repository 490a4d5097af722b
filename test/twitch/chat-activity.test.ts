import { afterAll, describe, expect, it, vi } from 'vitest';
import { ChatActivityRepository } from '../../src/channels/chat-activity-repository.ts';
import { SANDBOX_CHANNEL } from '../../src/sandbox/twitch/index.ts';
import { ChatActivity, RedisSeenMessages } from '../../src/twitch/chat-activity.ts';
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

// SPEC §5: every replica listens to chat, so each message reaches each one; with Redis the first to
// take it records it and the others skip it.
describe.runIf(process.env.TEST_REDIS_URL)('chat messages taken once across replicas', () => {
  const world = useWorld({});
  const clients: { disconnect(): void }[] = [];
  afterAll(() => {
    for (const client of clients) client.disconnect();
  });

  it('records a message once however many replicas receive it, and still records when Redis fails', async () => {
    const { Redis } = await import('ioredis');
    const channel = await world.given.channel();
    const replicas = Array.from({ length: 3 }, () => {
      const redis = new Redis(process.env.TEST_REDIS_URL ?? '');
      clients.push(redis);
      return new ChatActivity(
        new ChatActivityRepository(world.database.db),
        new RedisSeenMessages(redis, () => {}),
      );
    });
    const message = {
      messageId: `across-${process.pid}-${Date.now()}`,
      channelId: channel.id,
      userId: '515151',
      login: 'beltrana',
      at: new Date(),
    };
    const taken = await Promise.all(replicas.map((replica) => replica.record(message)));
    expect(taken.filter(Boolean)).toHaveLength(1);
    const row = await world.database.db
      .selectFrom('chat_activity')
      .select('message_count')
      .where('channel_id', '=', channel.id)
      .where('user_id', '=', '515151')
      .executeTakeFirstOrThrow();
    expect(row.message_count).toBe(1);

    // Redis down: handling twice is harmless, losing the message is not.
    const broken = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    clients.push(broken);
    const errors: unknown[] = [];
    const alone = new ChatActivity(
      new ChatActivityRepository(world.database.db),
      new RedisSeenMessages(broken, (error) => errors.push(error)),
    );
    expect(await alone.record({ ...message, messageId: `${message.messageId}-b` })).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
