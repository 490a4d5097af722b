import { Client, Events, GatewayIntentBits, type Message, REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, type FakeGuild, startFakeDiscord } from '../../src/sandbox/discord/index.ts';

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];

/** A real discord.js client logged in to the fake as one shard of two. */
async function shardClient(fake: FakeDiscord, shard: number): Promise<{ client: Client; seen: Message[] }> {
  const client = new Client({ intents: INTENTS, rest: { api: fake.apiUrl }, shards: [shard], shardCount: 2 });
  const seen: Message[] = [];
  client.on(Events.MessageCreate, (message) => seen.push(message));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  return { client, seen };
}

// The fake Discord's gateway shards as Discord does: IDENTIFY carries `shard: [id, count]`, and each
// session gets only the guilds with `(guild_id >> 22) % count === id` (DMs on shard 0).
// https://discord.com/developers/docs/events/gateway#sharding
describe('fake Discord: shards', () => {
  let fake: FakeDiscord;
  let onShard: [FakeGuild, FakeGuild];
  const clients: Client[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({ recommendedShards: 2 });
    onShard = [
      fake.addGuild({ name: 'zero', onShard: [0, 2] }),
      fake.addGuild({ name: 'one', onShard: [1, 2] }),
    ];
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.destroy()));
    await fake?.close();
  });

  it('recommends its shard count at GET /gateway/bot', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    expect(await rest.get(Routes.gatewayBot())).toMatchObject({
      shards: 2,
      session_start_limit: { max_concurrency: 1 },
    });
  });

  it('gives each shard only its guilds and their messages', async () => {
    const shards = [await shardClient(fake, 0), await shardClient(fake, 1)];
    clients.push(...shards.map((shard) => shard.client));
    for (const [index, { client }] of shards.entries()) {
      expect([...client.guilds.cache.keys()]).toEqual([onShard[index]?.id]);
    }
    const author = fake.addMember(onShard[1].id, { username: 'viewer' });
    const sent = fake.sendMessage({
      guildId: onShard[1].id,
      channelId: onShard[1].channels[0]?.id ?? '',
      author,
      content: 'oi',
    });
    await expect.poll(() => shards[1]?.seen.map((message) => message.id)).toEqual([sent.id]);
    expect(shards[0]?.seen).toEqual([]);
  });

  it('closes with 4010 an IDENTIFY whose shard is out of range', async () => {
    const client = new Client({ intents: INTENTS, rest: { api: fake.apiUrl }, shards: [2], shardCount: 2 });
    clients.push(client);
    await expect(client.login(fake.token)).rejects.toThrow(/shard/i);
  });
});

describe('fake Discord: Message Content intent switched off', () => {
  let fake: FakeDiscord;
  let client: Client | undefined;

  beforeAll(async () => {
    fake = await startFakeDiscord({ messageContentIntent: false });
  });
  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('says so in its application flags and closes an IDENTIFY asking for it with 4014', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    expect(await rest.get(Routes.currentApplication())).toMatchObject({ flags: 0 });
    client = new Client({ intents: INTENTS, rest: { api: fake.apiUrl } });
    await expect(client.login(fake.token)).rejects.toThrow(/disallowed/i);
  });
});
