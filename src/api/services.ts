import type { Logger } from 'pino';
import { ChannelRepository } from '../channels/channel-repository.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { ItemService } from '../raffles/item-service.ts';
import { RaffleRepository } from '../raffles/raffle-repository.ts';
import { RaffleService } from '../raffles/raffle-service.ts';

/** Everything the routes call: built once by the composition root (or a test) and handed to the app. */
export interface Services {
  readonly config: Config;
  readonly database: Database;
  readonly channels: ChannelRepository;
  readonly items: ItemService;
  readonly raffleRepository: RaffleRepository;
  readonly raffles: RaffleService;
}

/** Wires the services over an open database. */
export function createServices(config: Config, database: Database, logger: Logger): Services {
  const raffleRepository = new RaffleRepository(database);
  return {
    config,
    database,
    channels: new ChannelRepository(database.db),
    items: new ItemService(database.db),
    raffleRepository,
    raffles: new RaffleService(raffleRepository, logger),
  };
}
