import pino from 'pino';
import { ChannelRepository } from '../../src/channels/channel-repository.ts';
import type { Database } from '../../src/db/database.ts';
import { ItemService } from '../../src/raffles/item-service.ts';
import type { PrizeInput } from '../../src/raffles/prize-rules.ts';
import { RaffleRepository } from '../../src/raffles/raffle-repository.ts';
import { type EntrantInput, RaffleService } from '../../src/raffles/raffle-service.ts';

let counter = 0;

/** Services over a test database, and shortcuts to set up a channel with prizes and rules. */
export function fixtures(database: Database) {
  const channels = new ChannelRepository(database.db);
  const items = new ItemService(database.db);
  const raffleRepository = new RaffleRepository(database);
  const raffles = new RaffleService(raffleRepository, pino({ level: 'silent' }));

  return {
    channels,
    items,
    raffleRepository,
    raffles,

    /** A new channel with its own unique login, optional prizes and settings. */
    async channel(
      options: {
        prizes?: PrizeInput[];
        settings?: Partial<{ cooldown_minutes: number; max_wins_per_session: number | null }>;
      } = {},
    ) {
      counter += 1;
      const channel = await channels.ensure(`chan_${process.pid}_${counter}`);
      await database.db
        .updateTable('channel_settings')
        .set({ cooldown_minutes: 0, ...options.settings })
        .where('channel_id', '=', channel.id)
        .execute();
      if (options.prizes?.length) await items.add(channel.id, options.prizes);
      return channel;
    },

    /** A one-off draw over the given entrants. */
    draw(channelId: number, entrants: readonly EntrantInput[], winners = 1, idempotencyKey?: string) {
      return raffles.draw({
        channelId,
        winners,
        idempotencyKey,
        entrants: async () => ({ entrants, rosterAt: null }),
      });
    },
  };
}

/** `count` entrants with ids 1000…, logins viewer_N and weight 1 unless given. */
export function viewers(
  count: number,
  weight: (index: number) => number = () => 1,
): { userId: string; login: string; weight: number }[] {
  return Array.from({ length: count }, (_, index) => ({
    userId: String(1000 + index),
    login: `viewer_${index}`,
    weight: weight(index),
  }));
}
