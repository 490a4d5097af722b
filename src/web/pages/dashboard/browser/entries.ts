// The entry window by keyword (SPEC §2.7): open it (with an optional word) and close it, the running
// count from entries.* events, and who entered, who was refused and why, and who waits for Twitch's
// checks — a page at a time.
import { byId, element, fill } from '../../../browser/dom.ts';
import { act, type Dashboard, describeError, say } from './context.ts';
import type { Entries, Settings } from './types.ts';

const PAGE = 100;

export class EntriesPanel {
  readonly #dashboard: Dashboard;
  readonly #status = byId('entries-status');
  readonly #counts = byId('entries-counts');
  readonly #form = byId<HTMLFormElement>('entries-open-form');
  readonly #keyword = byId<HTMLInputElement>('entries-keyword');
  readonly #openButton = byId<HTMLButtonElement>('entries-open');
  readonly #close = byId<HTMLButtonElement>('entries-close');
  readonly #message = byId('entries-message');
  readonly #modeNote = byId('entries-mode-note');
  readonly #lists = {
    entrants: byId('entries-entrants'),
    refused: byId('entries-refused'),
    pending: byId('entries-pending'),
  };
  readonly #more = byId<HTMLButtonElement>('entries-more');
  #nextAfter: string | null = null;
  #keywordMode = false;
  #open = false;
  #refreshing: Promise<void> | undefined;
  #again = false;

  constructor(dashboard: Dashboard) {
    this.#dashboard = dashboard;
    const { api } = dashboard;
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      const keyword = this.#keyword.value.trim();
      void act(dashboard, this.#form, this.#message, async () => {
        this.#show(
          await api.send<Entries>('POST', `${api.channelPath}/entries`, keyword === '' ? {} : { keyword }),
        );
        this.#keyword.value = '';
      });
    });
    this.#close.addEventListener('click', () =>
      act(dashboard, this.#close, this.#message, async () => {
        this.#show(await api.send<Entries>('DELETE', `${api.channelPath}/entries`));
      }),
    );
    this.#more.addEventListener('click', () => void this.#load(this.#nextAfter));
  }

  /** The channel's entry settings: the default word, and whether draws use the entries at all. */
  setSettings(settings: Settings): void {
    this.#keywordMode = settings.entryMode === 'keyword';
    this.#keyword.placeholder = fill(this.#dashboard.data.text.entriesKeywordDefault, {
      keyword: settings.entryKeyword,
    });
    this.#updateControls();
  }

  /** Reads the window again (the first page of its lists); calls during a read make one more read. */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = this.#load(null).finally(() => {
      this.#refreshing = undefined;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      }
    });
    return this.#refreshing;
  }

  /** The running count of an entries.updated event, at once; the lists follow with a read. */
  showCount(count: number, refusedCount: number): void {
    const pending = this.#counts.dataset.pending ?? '0';
    this.#writeCounts(count, refusedCount, Number(pending));
    void this.refresh();
  }

  async #load(after: string | null): Promise<void> {
    const { api } = this.#dashboard;
    const query = `?limit=${PAGE}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`;
    try {
      const entries = await api.get<Entries>(`${api.channelPath}/entries${query}`);
      this.#show(entries, after !== null);
    } catch (error) {
      say(this.#message, describeError(this.#dashboard, error), 'error');
    }
  }

  #show(entries: Entries, append = false): void {
    const { text, language } = this.#dashboard.data;
    const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString(language) : '');
    this.#open = entries.open;
    this.#status.dataset.open = String(entries.open);
    this.#status.textContent =
      entries.windowId === null
        ? text.entriesNone
        : entries.open
          ? fill(text.entriesOpen, { time: time(entries.openedAt), keyword: entries.keyword ?? '' })
          : fill(text.entriesClosed, { time: time(entries.closedAt), keyword: entries.keyword ?? '' });
    this.#writeCounts(entries.count, entries.refusedCount, entries.pendingCount);
    const rows = {
      entrants: entries.entrants.map((entrant) =>
        element(
          'li',
          { 'data-login': entrant.login },
          element('span', { class: 'login' }, entrant.login),
          ' ',
          element('span', { class: 'muted' }, time(entrant.enteredAt)),
        ),
      ),
      refused: entries.refused.map((refused) =>
        element(
          'li',
          { 'data-login': refused.login, 'data-reason': refused.reason },
          element('span', { class: 'login' }, refused.login),
          ' — ',
          text.refusalReasons[refused.reason] ?? refused.reason,
        ),
      ),
      pending: entries.pending.map((pending) =>
        element('li', { 'data-login': pending.login }, element('span', { class: 'login' }, pending.login)),
      ),
    };
    for (const [name, list] of Object.entries(this.#lists) as [keyof typeof rows, HTMLElement][]) {
      if (!append) list.replaceChildren();
      list.querySelector('.empty')?.remove();
      list.append(...rows[name]);
      if (list.childElementCount === 0)
        list.append(element('li', { class: 'empty muted' }, text.entriesEmpty));
    }
    this.#nextAfter = entries.nextAfter;
    this.#more.hidden = entries.nextAfter === null;
    this.#updateControls();
  }

  #writeCounts(count: number, refused: number, pending: number): void {
    const { text, language } = this.#dashboard.data;
    this.#counts.dataset.count = String(count);
    this.#counts.dataset.pending = String(pending);
    this.#counts.textContent = fill(text.entriesCounts, {
      count: count.toLocaleString(language),
      refused: refused.toLocaleString(language),
      pending: pending.toLocaleString(language),
    });
  }

  #updateControls(): void {
    // In "everyone in chat" mode a window would announce a word that changes nothing: opening is
    // refused here until the mode says so; a window opened anyway (from Discord) can still be closed.
    this.#modeNote.hidden = this.#keywordMode;
    this.#form.hidden = this.#open;
    this.#openButton.disabled = !this.#keywordMode;
    this.#keyword.disabled = !this.#keywordMode;
    this.#close.hidden = !this.#open;
  }
}
