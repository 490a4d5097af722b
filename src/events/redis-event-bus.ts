import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  EventBus,
  type KinoYuEvent,
  type OwedAnnouncement,
  type OwedPublication,
  type PublishedEvent,
} from './event-bus.ts';
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

/**
 * Publishes an owed announcement (`EventBus.owe`), settling it in the same step. KEYS[3] and KEYS[4]
 * hold what is owed (by due time, and each one's context), KEYS[5] marks an announcement published as
 * overdue. ARGV[3] is its key, ARGV[4] `first` or `overdue`, ARGV[5] how long the mark is kept.
 * `overdue` publishes only what is still owed, and marks it; `first` (the process that drew) publishes
 * unless it is marked. So the drawing process and any number of others racing after its lease publish
 * it once between them. Answers nil when it was not published.
 */
const PUBLISH_OWED_SCRIPT = `
local owed = redis.call('ZREM', KEYS[3], ARGV[3])
redis.call('HDEL', KEYS[4], ARGV[3])
if ARGV[4] == 'overdue' then
  if owed == 0 then return false end
  redis.call('SET', KEYS[5], '1', 'EX', tonumber(ARGV[5]))
elseif redis.call('EXISTS', KEYS[5]) == 1 then
  return false
end
${PUBLISH_SCRIPT}`;

/** How long an announcement published as overdue stays marked: its first publisher is long done by then. */
const OVERDUE_MARK_SECONDS = 24 * 3600;

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
  /** Owed announcements by due time (a sorted set), their contexts (a hash), and the overdue marks. */
  readonly #owedKey: string;
  readonly #owedContextKey: string;
  readonly #overduePrefix: string;
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
    this.#owedKey = `${prefix}announcements:owed`;
    this.#owedContextKey = `${prefix}announcements:context`;
    this.#overduePrefix = `${prefix}announcements:overdue:`;
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
    void this.#publish(event, undefined);
  }

  override publishOwed(event: KinoYuEvent, key: string, as: OwedPublication): Promise<boolean> {
    return this.#publish(event, { key, as });
  }

  override async owe(announcements: readonly OwedAnnouncement[], dueMs: number): Promise<boolean> {
    if (announcements.length === 0 || !this.connected) return false;
    try {
      await this.#publisher
        .multi()
        .zadd(this.#owedKey, ...announcements.flatMap(({ key }) => [dueMs, key]))
        .hset(this.#owedContextKey, ...announcements.flatMap(({ key, context }) => [key, context]))
        .exec();
      return true;
    } catch (error) {
      // Not recorded: the draws are announced as before, only not by another replica if this one dies.
      this.#logger.warn({ err: error }, 'could not record the announcements owed');
      return false;
    }
  }

  override async overdueAnnouncements(limit: number): Promise<OwedAnnouncement[]> {
    if (!this.connected) return [];
    const keys = await this.#publisher.zrangebyscore(this.#owedKey, '-inf', Date.now(), 'LIMIT', 0, limit);
    if (keys.length === 0) return [];
    const contexts = await this.#publisher.hmget(this.#owedContextKey, ...keys);
    return keys.map((key, index) => ({ key, context: contexts[index] ?? '' }));
  }

  override async postponeOwed(key: string, dueMs: number): Promise<void> {
    await this.#publisher.zadd(this.#owedKey, 'XX', dueMs, key);
  }

  override async forgetOwed(key: string): Promise<void> {
    await this.#publisher.multi().zrem(this.#owedKey, key).hdel(this.#owedContextKey, key).exec();
  }

  /**
   * Sends an event through Redis (`owed`: settling an owed announcement); resolves whether it was
   * published. The EVAL is sent before the first await, so events leave in the order of the calls.
   */
  async #publish(
    event: KinoYuEvent,
    owed: { key: string; as: OwedPublication } | undefined,
  ): Promise<boolean> {
    const published: PublishedEvent = { ...event, at: new Date().toISOString() };
    if (!this.connected) {
      this.#deliverHere(published, 'Redis is not connected');
      return true;
    }
    this.#published += 1;
    const token = `${this.#origin}:${this.#published}`;
    this.#own.sent(token, published);
    const floor = String(this.nextLocalId());
    const message = `${token}\n${JSON.stringify(published)}`;
    const sent = owed
      ? this.#publisher.eval(
          PUBLISH_OWED_SCRIPT,
          5,
          this.#idKey,
          this.#channel,
          this.#owedKey,
          this.#owedContextKey,
          `${this.#overduePrefix}${owed.key}`,
          floor,
          message,
          owed.key,
          owed.as,
          OVERDUE_MARK_SECONDS,
        )
      : this.#publisher.eval(PUBLISH_SCRIPT, 2, this.#idKey, this.#channel, floor, message);
    try {
      if ((await sent) !== null) return true;
      // Published by another process already (or, as overdue, no longer owed): no copy will come.
      this.#own.giveUp(token);
      return false;
    } catch (error) {
      const unsettled = this.#own.giveUp(token);
      // An overdue announcement stays owed: the next look publishes it, from wherever it is.
      if (owed?.as === 'overdue') return false;
      if (unsettled) this.#deliverHere(unsettled, (error as Error).message);
      return true;
    }
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
