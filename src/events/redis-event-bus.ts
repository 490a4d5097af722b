import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { EventBus, type KinoYuEvent, type PublishedEvent } from './event-bus.ts';

/**
 * Numbers and publishes one event atomically. One id sequence is shared by every replica (a key in
 * Redis), and because Redis runs the script as one step, the order of the messages on the channel is
 * the order of their ids. An id is the larger of the previous id + 1 and the publisher's clock in
 * milliseconds, like the in-process ids: a Redis that lost its data (no persistence) does not restart
 * the sequence below ids that clients already hold. string.format keeps Lua from printing 1.7e+12.
 */
const PUBLISH_SCRIPT = `
local previous = tonumber(redis.call('GET', KEYS[1]) or '0')
local id = math.max(previous + 1, tonumber(ARGV[1]))
redis.call('SET', KEYS[1], string.format('%d', id))
redis.call('PUBLISH', KEYS[2], string.format('%d', id) .. '\\n' .. ARGV[2])
return string.format('%d', id)
`;

export interface RedisEventBusOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Prefix of the Redis key and pub/sub channel; replicas that share events share it. */
  readonly prefix?: string;
  readonly historySize?: number;
}

/**
 * Event fan-out across API replicas (SPEC §5): `publish` goes through Redis pub/sub and every replica,
 * this one included, delivers what arrives on the channel to its own subscribers, so each subscriber
 * gets each event once. When Redis is unreachable, events published here are delivered here only (and
 * logged); ioredis reconnects and resubscribes by itself, and nothing here throws.
 */
export class RedisEventBus extends EventBus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #logger: Logger;
  readonly #idKey: string;
  readonly #channel: string;
  readonly #subscribed: Promise<unknown>;
  #reachable = true;

  constructor(options: RedisEventBusOptions) {
    super({ logger: options.logger, historySize: options.historySize });
    const prefix = options.prefix ?? 'kinoyu:';
    this.#logger = options.logger.child({ component: 'events' });
    this.#idKey = `${prefix}events:last-id`;
    this.#channel = `${prefix}events`;
    // No offline queue for publishing: an event waiting for Redis to come back would arrive late and
    // out of order; it is delivered in process at once instead.
    this.#publisher = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    // The subscription waits as long as it takes; ioredis renews it after each reconnect.
    this.#subscriber = new Redis(options.url, { maxRetriesPerRequest: null });
    for (const connection of [this.#publisher, this.#subscriber]) {
      connection.on('error', (error: Error) => this.#lost(error));
      connection.on('ready', () => this.#regained());
    }
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.#channel) this.#received(message);
    });
    this.#subscribed = this.#subscriber.subscribe(this.#channel).catch((error: unknown) => {
      this.#logger.error({ err: error }, 'could not subscribe to the Redis event channel');
    });
  }

  /** Resolves once both connections are up and the channel is subscribed (tests, benchmarks). */
  async ready(): Promise<void> {
    await this.#subscribed;
    if (this.#publisher.status !== 'ready') {
      await new Promise<void>((resolve) => this.#publisher.once('ready', () => resolve()));
    }
  }

  /** Whether events published now go through Redis (else they stay in this process). */
  get connected(): boolean {
    return this.#publisher.status === 'ready';
  }

  override publish(event: KinoYuEvent): void {
    const published: PublishedEvent = { ...event, at: new Date().toISOString() };
    if (!this.connected) {
      this.#deliverHere(published, 'Redis is not connected');
      return;
    }
    this.#publisher
      .eval(PUBLISH_SCRIPT, 2, this.#idKey, this.#channel, String(Date.now()), JSON.stringify(published))
      .catch((error: unknown) => this.#deliverHere(published, (error as Error).message));
  }

  override async close(): Promise<void> {
    await Promise.all([this.#publisher, this.#subscriber].map(closeConnection));
  }

  /** An event from the channel (published by any replica): delivered to this process's subscribers. */
  #received(message: string): void {
    const newline = message.indexOf('\n');
    const id = Number(message.slice(0, newline));
    try {
      if (newline < 0 || !Number.isSafeInteger(id)) throw new Error('no event id');
      this.deliver(id, JSON.parse(message.slice(newline + 1)) as PublishedEvent);
    } catch (error) {
      this.#logger.error({ err: error, channel: this.#channel }, 'dropped a malformed message from Redis');
    }
  }

  #deliverHere(event: PublishedEvent, reason: string): void {
    this.#logger.warn(
      { eventType: event.type, channel: event.channel, reason },
      'event delivered in this process only: Redis did not take it',
    );
    this.deliver(this.nextLocalId(), event);
  }

  #lost(error: Error): void {
    // ioredis retries every ~2 s while Redis is away: one line when it goes, one when it is back.
    if (!this.#reachable) return;
    this.#reachable = false;
    this.#logger.warn({ err: error }, 'Redis unreachable: events reach this replica only until it is back');
  }

  #regained(): void {
    if (this.#reachable) return;
    this.#reachable = true;
    this.#logger.info('Redis reachable again: events fan out across replicas');
  }
}

/** QUIT when connected (sends what is queued), else just drop the socket: a QUIT would wait forever. */
async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  if (connection.status === 'ready') {
    await connection.quit().catch(() => connection.disconnect());
    return;
  }
  connection.disconnect();
}
