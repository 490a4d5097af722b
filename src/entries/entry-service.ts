import type { Logger } from 'pino';
import type { Channel } from '../channels/channel-repository.ts';
import type { SettingsRepository } from '../channels/settings-repository.ts';
import { ENTRY_LIST_LIMITS, type EntriesView } from '../contract/entries.ts';
import { conflict } from '../errors.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { AntiAltChecker, AntiAltRules } from '../twitch/anti-alt.ts';
import { chatTexts, type TwitchChatAnnouncer } from '../twitch/chat-announcer.ts';
import type { Entry, EntryRepository, EntryWindow } from './entry-repository.ts';

// Entries arriving within this long are checked together (Get Users takes 100 ids a request): a
// burst of 100 entries a second costs about 20 requests a second instead of 100.
const CHECK_BATCH_MS = 50;
const CHECK_BATCH_MAX = 100;
// The running count is published at most this often per channel.
const COUNT_EVERY_MS = 1000;

/**
 * Entry windows (SPEC §2.7): opening and closing (announced as events and in Twitch chat), the anti-alt
 * checks of each new entry (batched, through Helix; a failure leaves the entry pending, checked again
 * before a draw), the running count, and the window's entries for a keyword-mode draw.
 */
export class EntryService {
  readonly #queued = new Map<number, { channel: Channel; windowId: number; userIds: Set<string> }>();
  /** Channels whose count was just published, and whether more entries came since. */
  readonly #countTimers = new Map<number, { dirty: boolean }>();
  readonly #checks = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      entries: EntryRepository;
      settings: SettingsRepository;
      events: EventBus;
      chat: TwitchChatAnnouncer | undefined;
      antiAlt: AntiAltChecker | undefined;
      logger: Logger;
    },
  ) {}

  async open(
    channel: Channel,
    keyword: string | undefined,
    requestedByGuild: string | null,
  ): Promise<EntriesView> {
    const word = keyword ?? (await this.deps.settings.get(channel.id)).entryKeyword;
    const window = await this.deps.entries.open(channel.id, word, requestedByGuild);
    if (!window) {
      throw conflict(
        'entries_already_open',
        `Entries of "${channel.login}" are already open: close them first.`,
      );
    }
    this.deps.events.publish({
      type: 'entries.opened',
      channel: channel.login,
      channelId: channel.id,
      keyword: window.keyword,
      openedAt: window.openedAt.toISOString(),
      requestedByGuild,
    });
    void this.deps.chat?.say(channel, [chatTexts(channel.language).entriesOpened(window.keyword)]);
    return this.view(channel);
  }

  async close(channel: Channel, requestedByGuild: string | null): Promise<EntriesView> {
    const window = await this.deps.entries.close(channel.id);
    if (!window) throw conflict('entries_not_open', `Entries of "${channel.login}" are not open.`);
    const counts = await this.deps.entries.counts(window.id);
    this.deps.events.publish({
      type: 'entries.closed',
      channel: channel.login,
      channelId: channel.id,
      count: counts.entered,
      closedAt: (window.closedAt ?? new Date()).toISOString(),
      requestedByGuild,
    });
    void this.deps.chat?.say(channel, [chatTexts(channel.language).entriesClosed(counts.entered)]);
    return this.view(channel);
  }

  /** The open (or last) window with a page of its entries, in byte order of user id. */
  async view(
    channel: Channel,
    limit: number = ENTRY_LIST_LIMITS.defaultLimit,
    after?: string,
  ): Promise<EntriesView> {
    const window = await this.deps.entries.latest(channel.id);
    if (!window) {
      return {
        open: false,
        windowId: null,
        keyword: null,
        openedAt: null,
        closedAt: null,
        count: 0,
        refusedCount: 0,
        pendingCount: 0,
        entrants: [],
        refused: [],
        pending: [],
        nextAfter: null,
      };
    }
    const [counts, page] = await Promise.all([
      this.deps.entries.counts(window.id),
      this.deps.entries.page(window.id, limit, after),
    ]);
    const listed = (state: Entry['state']) =>
      page
        .filter((entry) => entry.state === state)
        .map((entry) => ({
          userId: entry.userId,
          login: entry.login,
          enteredAt: entry.enteredAt.toISOString(),
        }));
    return {
      open: window.closedAt === null,
      windowId: window.id,
      keyword: window.keyword,
      openedAt: window.openedAt.toISOString(),
      closedAt: window.closedAt ? window.closedAt.toISOString() : null,
      count: counts.entered,
      refusedCount: counts.refused,
      pendingCount: counts.pending,
      entrants: listed('entered'),
      refused: page
        .filter((entry) => entry.state === 'refused')
        .map((entry) => ({ userId: entry.userId, login: entry.login, reason: entry.reason ?? '' })),
      pending: listed('pending_check'),
      nextAfter: page.length === limit ? (page[page.length - 1]?.userId ?? null) : null,
    };
  }

  /** A new entry was recorded (by this process): check it if it waits, and count it. */
  onEntry(channel: Channel, windowId: number, userId: string, state: Entry['state']): void {
    if (state === 'pending_check') {
      let queued = this.#queued.get(channel.id);
      if (!queued || queued.windowId !== windowId) {
        queued = { channel, windowId, userIds: new Set() };
        this.#queued.set(channel.id, queued);
        setTimeout(() => this.#flush(channel.id), CHECK_BATCH_MS);
      }
      queued.userIds.add(userId);
      if (queued.userIds.size >= CHECK_BATCH_MAX) this.#flush(channel.id);
      return;
    }
    this.#countSoon(channel, windowId);
  }

  /** Resolves once the checks started so far are done (tests and draws). */
  async settled(): Promise<void> {
    while (this.#queued.size > 0 || this.#checks.size > 0) {
      for (const channelId of [...this.#queued.keys()]) this.#flush(channelId);
      await Promise.all([...this.#checks]);
    }
  }

  /**
   * The window a keyword-mode draw takes its entrants from (the open one, or the last closed), with
   * its pending entries checked once more first. Throws `no_entry_window` when there never was one.
   */
  async forDraw(channel: Channel): Promise<{ window: EntryWindow; entries: Entry[] }> {
    const window = await this.deps.entries.latest(channel.id);
    if (!window) {
      throw conflict(
        'no_entry_window',
        `"${channel.login}" draws among who typed the keyword, and no entry window was ever opened: open one first.`,
      );
    }
    await this.settled();
    const pending = await this.deps.entries.pending(window.id);
    if (pending.length > 0) await this.#check(channel, window.id, pending);
    return { window, entries: await this.deps.entries.all(window.id) };
  }

  #flush(channelId: number): void {
    const queued = this.#queued.get(channelId);
    if (!queued) return;
    this.#queued.delete(channelId);
    const check = this.#check(queued.channel, queued.windowId, [...queued.userIds]).finally(() => {
      this.#checks.delete(check);
      this.#countSoon(queued.channel, queued.windowId);
    });
    this.#checks.add(check);
  }

  async #check(channel: Channel, windowId: number, userIds: string[]): Promise<void> {
    const antiAlt = this.deps.antiAlt;
    if (!antiAlt || !channel.twitchUserId) return;
    try {
      const settings = await this.deps.settings.get(channel.id);
      const rules: AntiAltRules = {
        minAccountAgeDays: settings.minAccountAgeDays,
        minFollowDays: settings.minFollowDays,
      };
      const verdicts = await antiAlt.check(channel.twitchUserId, userIds, rules);
      await this.deps.entries.decide(
        windowId,
        [...verdicts].map(([userId, verdict]) => ({ userId, state: verdict.state, reason: verdict.reason })),
      );
    } catch (error) {
      this.deps.logger.warn(
        { err: error, channel: channel.login },
        'anti-alt checks failed: entries stay pending',
      );
    }
  }

  /** Publishes the running count now, then at most once a second while entries keep coming. */
  #countSoon(channel: Channel, windowId: number): void {
    const cooling = this.#countTimers.get(channel.id);
    if (cooling) {
      cooling.dirty = true;
      return;
    }
    const state = { dirty: false };
    this.#countTimers.set(channel.id, state);
    this.#publishCount(channel, windowId);
    const timer = setTimeout(() => {
      this.#countTimers.delete(channel.id);
      if (state.dirty) this.#countSoon(channel, windowId);
    }, COUNT_EVERY_MS);
    timer.unref();
  }

  #publishCount(channel: Channel, windowId: number): void {
    this.deps.entries
      .counts(windowId)
      .then((counts) =>
        this.deps.events.publish({
          type: 'entries.updated',
          channel: channel.login,
          channelId: channel.id,
          count: counts.entered,
          refusedCount: counts.refused,
        }),
      )
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not count entries'));
  }
}
