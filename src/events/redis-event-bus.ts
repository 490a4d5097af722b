import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { EventBus, type KinoYuEvent, type PublishedEvent } from './event-bus.ts';
import { OwnPublications } from './own-publications.ts';

/**
 * Numbers and publishes one event atomically. One id sequence is shared by every replica (a key in
 * Redis), and because Redis runs the script as one step, the order of the messages on the channel is
 * the order of their ids. An id is the larger of the previous id + 1 and ARGV[1], the publisher's next
 * local id (its clock in milliseconds, or above the ids it delivered while Redis was away): a Redis that
 * lost its data (no persistence) does not restart the sequence below ids that clients already hold.
 * ARGV[2] is the publication's token and the event, one line each. string.format keeps Lua from
 * printing 1.7e+12.
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
 * gets each event once, with ids that only grow. When Redis is unreachable, events published here are
 * delivered here only (and logged); events other replicas publish meanwhile do not reach this one.
 * Nothing here throws. Redis counts as back once the publisher is ready *and* the channel is
 * subscribed again, so an event published through Redis always comes back here.
 */
export class RedisEventBus extends EventBus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #logger: Logger;
  readonly #idKey: string;
  readonly #channel: string;
  readonly #origin = randomUUID();
  readonly #own = new OwnPublications();
  readonly #whenConnected: (() => void)[] = [];
  #published = 0;
  /** Counts the subscriber's connections: a SUBSCRIBE answered on an older one proves nothing. */
  #subscriberConnection = 0;
  #subscribed = false;
  #reachable = true;

  constructor(options: RedisEventBusOptions) {
    super({ logger: options.logger, historySize: options.historySize });
    const prefix = options.prefix ?? 'kinoyu:';
    this.#logger = options.logger.child({ component: 'events' });
    this.#idKey = `${prefix}events:last-id`;
    this.#channel = `${prefix}events`;
    this.#publisher = new Redis(options.url, {
      // No offline queue: an event waiting for Redis to come back would arrive late and out of order;
      // it is delivered in process at once instead.
      enableOfflineQueue: false,
      // A publication cut off before its reply may have run already. It fails at once (then its copy
      // or the local delivery settles it) and is never sent again: ioredis's default resend after a
      // reconnect ran such an EVAL twice, and late (redis/ioredis#933).
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
    });
    // The bus subscribes on every (re)connection itself, rather than ioredis behind its back, to know
    // when the subscription is in place again: 'ready' comes before ioredis's own resubscription.
    this.#subscriber = new Redis(options.url, { maxRetriesPerRequest: null, autoResubscribe: false });
    for (const connection of [this.#publisher, this.#subscriber]) {
      connection.on('error', (error: Error) => this.#lost(error.message));
    }
    this.#publisher.on('ready', () => this.#checkConnected());
    this.#publisher.on('close', () => this.#lost('the publishing connection closed'));
    this.#subscriber.on('ready', () => this.#subscribe());
    this.#subscriber.on('close', () => this.#subscriptionLost());
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.#channel) this.#received(message);
    });
  }

  /** Resolves once both connections are up and the channel is subscribed (tests, benchmarks). */
  async ready(): Promise<void> {
    if (this.connected) return;
    await new Promise<void>((resolve) => this.#whenConnected.push(resolve));
  }

  /** Whether events published now go through Redis (else they stay in this process). */
  get connected(): boolean {
    return this.#publisher.status === 'ready' && this.#subscriber.status === 'ready' && this.#subscribed;
  }

  override publish(event: KinoYuEvent): void {
    const published: PublishedEvent = { ...event, at: new Date().toISOString() };
    if (!this.connected) {
      this.#deliverHere(published, 'Redis is not connected');
      return;
    }
    this.#published += 1;
    const token = `${this.#origin}:${this.#published}`;
    this.#own.sent(token, published);
    const floor = String(this.nextLocalId());
    this.#publisher
      .eval(PUBLISH_SCRIPT, 2, this.#idKey, this.#channel, floor, `${token}\n${JSON.stringify(published)}`)
      .catch((error: unknown) => {
        const unsettled = this.#own.giveUp(token);
        if (unsettled) this.#deliverHere(unsettled, (error as Error).message);
      });
  }

  override async close(): Promise<void> {
    await Promise.all([this.#publisher, this.#subscriber].map(closeConnection));
  }

  /** An event from the channel (published by any replica): delivered to this process's subscribers. */
  #received(message: string): void {
    const [idLine, token, json] = splitLines(message);
    const id = Number(idLine);
    try {
      if (json === undefined || token === undefined || !Number.isSafeInteger(id))
        throw new Error('no event id');
      const event = JSON.parse(json) as PublishedEvent;
      if (!this.#own.copyArrived(token)) return;
      this.deliver(this.#inOrder(id, event), event);
    } catch (error) {
      this.#logger.error({ err: error, channel: this.#channel }, 'dropped a malformed message from Redis');
    }
  }

  /**
   * `id`, or the next local id when `id` is not above the last one delivered here (an event from another
   * replica right after this one delivered locally through an outage, or a clock behind): a subscriber's
   * ids only grow, as `Last-Event-ID` needs.
   */
  #inOrder(id: number, event: PublishedEvent): number {
    if (id > this.lastId) return id;
    const renumbered = this.nextLocalId();
    this.#logger.warn(
      { eventType: event.type, id, renumbered },
      'event from Redis renumbered to keep ids growing',
    );
    return renumbered;
  }

  #deliverHere(event: PublishedEvent, reason: string): void {
    this.#logger.warn(
      { eventType: event.type, channel: event.channel, reason },
      'event delivered in this process only: Redis did not take it',
    );
    this.deliver(this.nextLocalId(), event);
  }

  #subscribe(): void {
    const connection = this.#subscriberConnection;
    this.#subscriber.subscribe(this.#channel).then(
      () => {
        if (connection !== this.#subscriberConnection) return;
        this.#subscribed = true;
        this.#checkConnected();
      },
      (error: unknown) =>
        this.#logger.error({ err: error }, 'could not subscribe to the Redis event channel'),
    );
  }

  /** Messages published from now on do not reach this replica: its own awaited ones are delivered here. */
  #subscriptionLost(): void {
    this.#subscriberConnection += 1;
    this.#subscribed = false;
    this.#lost('the subscribing connection closed');
    for (const event of this.#own.giveUpAll()) this.#deliverHere(event, 'the Redis subscription was lost');
  }

  #lost(reason: string): void {
    // ioredis retries every ~2 s while Redis is away: one line when it goes, one when it is back.
    if (!this.#reachable) return;
    this.#reachable = false;
    this.#logger.warn({ reason }, 'Redis unreachable: events reach this replica only until it is back');
  }

  #checkConnected(): void {
    if (!this.connected) return;
    for (const resolve of this.#whenConnected.splice(0)) resolve();
    if (this.#reachable) return;
    this.#reachable = true;
    this.#logger.info('Redis reachable again: events fan out across replicas');
  }
}

/** The id line, the token line and the rest (the JSON holds no raw newline). */
function splitLines(message: string): [string, string | undefined, string | undefined] {
  const first = message.indexOf('\n');
  if (first < 0) return [message, undefined, undefined];
  const second = message.indexOf('\n', first + 1);
  if (second < 0) return [message.slice(0, first), undefined, undefined];
  return [message.slice(0, first), message.slice(first + 1, second), message.slice(second + 1)];
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
