import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/api/app.ts';
import { createServices } from '../../src/api/services.ts';
import type { Database } from '../../src/db/database.ts';
import type { PublishedEvent } from '../../src/events/event-bus.ts';
import { RedisEventBus } from '../../src/events/redis-event-bus.ts';
import { DrawAnnouncer } from '../../src/raffles/draw-announcer.ts';
import { DrawPipeline } from '../../src/raffles/draw-pipeline.ts';
import { testConfig } from '../helpers/app.ts';

/** An API replica: the real app, whose draws are announced on its own Redis bus; what its subscriber got. */
export interface ApiReplica<Name extends string = string> {
  readonly name: Name;
  readonly app: FastifyInstance;
  readonly bus: RedisEventBus;
  /** Every event its bus subscriber received, with its stream id, in order. */
  readonly received: { event: PublishedEvent; id: number }[];
  /** The raffle ids of the `raffle.drawn` events received, in order. */
  drawn(): number[];
  close(): Promise<void>;
}

/** Starts a replica on `database` whose bus reaches Redis at `url`, sharing events under `prefix`. */
export async function startApiReplica<Name extends string>(
  name: Name,
  options: { database: Database; url: string; prefix: string },
): Promise<ApiReplica<Name>> {
  const logger = pino({ level: 'silent' });
  const config = testConfig();
  const services = createServices(config, options.database, logger);
  const bus = new RedisEventBus({ url: options.url, logger, prefix: options.prefix });
  const announcer = new DrawAnnouncer({ events: bus, chat: undefined, publicUrl: config.publicUrl, logger });
  const draws = new DrawPipeline({
    channels: services.channels,
    raffles: services.raffles,
    raffleRepository: services.raffleRepository,
    announcer,
    entrants: undefined,
    settings: services.settings,
    publicUrl: config.publicUrl,
    logger,
  });
  const app = await buildApp({ ...services, events: bus, announcer, draws }, logger);
  await app.ready();
  const received: ApiReplica['received'] = [];
  bus.subscribe((event, id) => received.push({ event, id }));
  return {
    name,
    app,
    bus,
    received,
    drawn: () => received.flatMap(({ event }) => (event.type === 'raffle.drawn' ? [event.raffleId] : [])),
    async close() {
      await app.close();
      await bus.close();
    },
  };
}

/** The ids a subscriber received that are not above the one before, as "previous→id" (none expected). */
export function idsNotGrowing(received: readonly { id: number }[]): string[] {
  return received.flatMap(({ id }, index) => {
    const previous = received[index - 1]?.id;
    return previous !== undefined && id <= previous ? [`${previous}→${id}`] : [];
  });
}
