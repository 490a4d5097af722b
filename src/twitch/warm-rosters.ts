import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { inUserIdOrder } from '../raffles/draw-algorithm.ts';
import type { ChannelRoles, Chatter, HelixClient } from './helix.ts';

/** Which roles a roster holds (SPEC §3: moderators for the exclusion, subscribers and VIPs for weights). */
export interface RolesWanted {
  readonly moderators: boolean;
  readonly weights: boolean;
}

/** A channel's chat list and roles as read from Twitch at `readAt` (epoch ms). */
export interface WarmRoster {
  readonly chatters: readonly Chatter[];
  readonly roles: ChannelRoles;
  readonly wanted: RolesWanted;
  readonly readAt: number;
  /** Helix pages the reading took (chat list and roles): what the next refresh will cost. */
  readonly pages: number;
}

/** Where warm rosters live: in this process, or in Redis, shared by every API replica. */
export interface RosterStore {
  get(broadcasterId: string): Promise<WarmRoster | undefined>;
  set(broadcasterId: string, roster: WarmRoster, ttlMs: number): Promise<void>;
  /** Whether this process refreshes the roster now (one replica at a time, for `ms`). */
  lead(broadcasterId: string, ms: number): Promise<boolean>;
}

export class MemoryRosterStore implements RosterStore {
  readonly #rosters = new Map<string, { roster: WarmRoster; until: number }>();

  async get(broadcasterId: string): Promise<WarmRoster | undefined> {
    const entry = this.#rosters.get(broadcasterId);
    if (!entry || entry.until < Date.now()) return undefined;
    return entry.roster;
  }

  async set(broadcasterId: string, roster: WarmRoster, ttlMs: number): Promise<void> {
    this.#rosters.set(broadcasterId, { roster, until: Date.now() + ttlMs });
  }

  async lead(): Promise<boolean> {
    return true;
  }
}

interface StoredRoster {
  c: [string, string][];
  s: [string, string][];
  v: string[];
  m: string[];
  w: RolesWanted;
  r: number;
  p: number;
}

/** Rosters in Redis (one JSON value per channel, with a TTL), so every replica draws from the same. */
export class RedisRosterStore implements RosterStore {
  constructor(private readonly redis: Redis) {}

  async get(broadcasterId: string): Promise<WarmRoster | undefined> {
    const text = await this.redis.get(`kinoyu:roster:${broadcasterId}`);
    if (!text) return undefined;
    const stored = JSON.parse(text) as StoredRoster;
    return {
      chatters: stored.c.map(([userId, login]) => ({ userId, login })),
      roles: {
        subscriberTiers: new Map(stored.s as [string, '1000' | '2000' | '3000'][]),
        vips: new Set(stored.v),
        moderators: new Set(stored.m),
      },
      wanted: stored.w,
      readAt: stored.r,
      pages: stored.p,
    };
  }

  async set(broadcasterId: string, roster: WarmRoster, ttlMs: number): Promise<void> {
    const stored: StoredRoster = {
      c: roster.chatters.map((chatter) => [chatter.userId, chatter.login]),
      s: [...roster.roles.subscriberTiers],
      v: [...roster.roles.vips],
      m: [...roster.roles.moderators],
      w: roster.wanted,
      r: roster.readAt,
      p: roster.pages,
    };
    await this.redis.set(`kinoyu:roster:${broadcasterId}`, JSON.stringify(stored), 'PX', Math.max(1, ttlMs));
  }

  async lead(broadcasterId: string, ms: number): Promise<boolean> {
    return (
      (await this.redis.set(`kinoyu:roster-lead:${broadcasterId}`, '1', 'PX', Math.max(1, ms), 'NX')) === 'OK'
    );
  }
}

/** The channels whose rosters are kept warm: those with a running session. */
export interface WarmChannel {
  readonly broadcasterId: string;
  readonly wanted: RolesWanted;
}

export interface WarmRostersOptions {
  /** The shortest time between two readings of one channel's roster (default 10 s). */
  readonly refreshMs?: number;
  /** How often the loop looks for rosters to refresh (default 1 s). */
  readonly loopMs?: number;
  /** Rosters read at once at most, per process (default 4). */
  readonly concurrency?: number;
}

// Twitch gives a broadcaster's token 800 Helix points a minute; a warm roster spends at most half of
// them, so draws and entry checks keep the other half: one page every 150 ms.
const MS_PER_PAGE = (60_000 / 800) * 2;

/**
 * Keeps the rosters of channels with a running session warm (issue 13, SPEC §8: "a session tick never
 * waits for Helix paging"): each is read again in the background once it is older than its refresh
 * interval — 10 s, or longer for a big chat so that the reading stays within half the channel's Helix
 * budget — by one replica at a time (Redis) and shared through the store. A draw takes a roster that
 * is fresh enough instead of paging through Twitch itself, and its proof says when it was read.
 */
export class WarmRosters {
  readonly #refreshMs: number;
  readonly #loopMs: number;
  readonly #concurrency: number;
  readonly #refreshing = new Set<string>();
  /**
   * When each channel's roster is next due, as last seen: the pass skips the store until then (a
   * stored roster of 100,000 chatters is megabytes of JSON to fetch and parse once a second).
   */
  #dueAt = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(
    private readonly deps: {
      readonly helix: HelixClient;
      readonly store: RosterStore;
      readonly channels: () => Promise<readonly WarmChannel[]>;
      readonly logger: Logger;
    },
    options: WarmRostersOptions = {},
  ) {
    this.#refreshMs = options.refreshMs ?? 10_000;
    this.#loopMs = options.loopMs ?? 1000;
    this.#concurrency = options.concurrency ?? 4;
  }

  /** How long a roster of `pages` pages waits before it is read again. */
  refreshIntervalOf(pages: number): number {
    return Math.max(this.#refreshMs, pages * MS_PER_PAGE);
  }

  /** How old a roster may be for a draw to take it: two refresh intervals. */
  maxAgeOf(roster: WarmRoster): number {
    return 2 * this.refreshIntervalOf(roster.pages);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const loop = async () => {
      await this.refreshDue().catch((error: unknown) =>
        this.deps.logger.warn({ err: error }, 'warm rosters: a pass failed'),
      );
      if (this.#running) this.#timer = setTimeout(loop, this.#loopMs);
    };
    this.#timer = setTimeout(loop, 0);
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
  }

  /** A roster a draw may take now (fresh enough, with the roles it needs), or undefined. */
  async fresh(broadcasterId: string, wanted: RolesWanted): Promise<WarmRoster | undefined> {
    const roster = await this.deps.store.get(broadcasterId).catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'warm rosters: the store did not answer');
      return undefined;
    });
    if (!roster || Date.now() - roster.readAt > this.maxAgeOf(roster)) return undefined;
    if ((wanted.moderators && !roster.wanted.moderators) || (wanted.weights && !roster.wanted.weights)) {
      return undefined;
    }
    return roster;
  }

  /** Keeps a roster a draw just read from Twitch, so the next one need not read it again. */
  async keep(broadcasterId: string, roster: WarmRoster): Promise<void> {
    this.#dueAt.set(broadcasterId, roster.readAt + this.refreshIntervalOf(roster.pages));
    await this.deps.store
      .set(broadcasterId, roster, this.maxAgeOf(roster))
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'warm rosters: could not store'));
  }

  /** One pass: reads again the rosters of running sessions that are due (tests call it directly). */
  async refreshDue(): Promise<number> {
    const due: WarmChannel[] = [];
    const dueAt = new Map<string, number>();
    for (const channel of await this.deps.channels()) {
      const { broadcasterId } = channel;
      const known = this.#dueAt.get(broadcasterId);
      if (known !== undefined) dueAt.set(broadcasterId, known);
      if (this.#refreshing.has(broadcasterId) || (known !== undefined && Date.now() < known)) continue;
      const roster = await this.deps.store.get(broadcasterId);
      if (roster) {
        const next = roster.readAt + this.refreshIntervalOf(roster.pages);
        dueAt.set(broadcasterId, next);
        if (Date.now() < next) continue;
      }
      due.push(channel);
    }
    // Channels whose session ended are forgotten.
    this.#dueAt = dueAt;
    let read = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(this.#concurrency, due.length) }, async () => {
        while (next < due.length) {
          const channel = due[next++] as WarmChannel;
          if (await this.#refresh(channel)) read += 1;
        }
      }),
    );
    return read;
  }

  async #refresh(channel: WarmChannel): Promise<boolean> {
    const { broadcasterId, wanted } = channel;
    if (!(await this.deps.store.lead(broadcasterId, this.#refreshMs))) return false;
    this.#refreshing.add(broadcasterId);
    try {
      await this.keep(broadcasterId, await this.read(broadcasterId, wanted));
      return true;
    } catch (error) {
      this.deps.logger.warn({ err: error, broadcasterId }, 'warm rosters: Twitch did not give the chat list');
      return false;
    } finally {
      this.#refreshing.delete(broadcasterId);
    }
  }

  /** Reads a roster from Twitch now: every page of the chat list, and the roles asked for. */
  async read(broadcasterId: string, wanted: RolesWanted): Promise<WarmRoster> {
    const readAt = Date.now();
    const [chatters, roles] = await Promise.all([
      this.deps.helix.chatters(broadcasterId),
      this.deps.helix.roles(broadcasterId, wanted),
    ]);
    const rolePages =
      (wanted.moderators ? 1 : 0) +
      (wanted.weights
        ? Math.ceil(roles.subscriberTiers.size / 100) + Math.ceil(roles.vips.size / 100) + 1
        : 0);
    // Sorted here, off the draw's path: a snapshot written in user-id order is faster to write and to
    // digest (inUserIdOrder in raffle-repository.ts).
    const sorted = inUserIdOrder(chatters);
    return { chatters: sorted, roles, wanted, readAt, pages: Math.ceil(chatters.length / 1000) + rolePages };
  }
}
