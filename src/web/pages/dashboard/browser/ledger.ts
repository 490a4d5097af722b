// The prize ledger (SPEC §2.8): every unit given, newest first, paged with "Carregar mais"; the CSV
// export is a plain link the card carries.
import type { LedgerEntry } from '../../../../contract/prizes.ts';
import { byId, element, fill } from '../../../browser/dom.ts';
import { type Dashboard, describeError, say } from './context.ts';
import type { Ledger } from './types.ts';

const PAGE = 50;

/** When a unit reached the state it is in (the draw, for one still awaiting its claim). */
function stateTime(entry: LedgerEntry): string {
  switch (entry.state) {
    case 'claimed':
      return entry.claimedAt ?? entry.wonAt;
    case 'delivered':
      return entry.deliveredAt ?? entry.claimedAt ?? entry.wonAt;
    case 'forfeited':
      return entry.forfeitedAt ?? entry.wonAt;
    default:
      return entry.wonAt;
  }
}

export class PrizeLedger {
  readonly #dashboard: Dashboard;
  readonly #rows = byId('ledger-rows');
  readonly #more = byId<HTMLButtonElement>('ledger-more');
  readonly #message = byId('ledger-message');
  #nextBefore: number | null = null;

  constructor(dashboard: Dashboard) {
    this.#dashboard = dashboard;
    this.#more.addEventListener('click', () => void this.#load(this.#nextBefore));
  }

  /** Reads the newest page again (after a draw, a claim, a forfeit). */
  async refresh(): Promise<void> {
    await this.#load(null);
  }

  async #load(before: number | null): Promise<void> {
    const { api } = this.#dashboard;
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (before !== null) query.set('before', String(before));
    try {
      const ledger = await api.get<Ledger>(`${api.channelPath}/prizes-given?${query}`);
      const rows = ledger.prizes.map((entry) => this.#row(entry));
      if (before === null) this.#rows.replaceChildren(...rows);
      else this.#rows.append(...rows);
      this.#nextBefore = ledger.nextBefore;
      this.#more.hidden = ledger.nextBefore === null;
      byId('ledger-empty').hidden = this.#rows.childElementCount > 0;
      say(this.#message, '');
    } catch (error) {
      say(this.#message, describeError(this.#dashboard, error), 'error');
    }
  }

  #row(entry: LedgerEntry): HTMLTableRowElement {
    const { text, language } = this.#dashboard.data;
    const format = (iso: string) =>
      new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
    const state = text.ledgerStates[entry.state] ?? entry.state;
    return element(
      'tr',
      {
        'data-raffle': String(entry.raffleId),
        'data-position': String(entry.position),
        'data-state': entry.state,
      },
      element('td', {}, element('a', { href: `/r/${entry.raffleId}` }, `#${entry.raffleId}`)),
      element('td', { class: 'number' }, entry.position),
      element('td', { class: 'login' }, entry.login),
      element(
        'td',
        {},
        entry.itemName,
        entry.hasCode ? element('span', { class: 'code-tag' }, text.ledgerHasCode) : null,
      ),
      element(
        'td',
        { class: `ledger-state state-${entry.state}` },
        entry.state === 'awaiting_claim'
          ? state
          : fill(text.ledgerStateAt, { state, time: format(stateTime(entry)) }),
      ),
      element('td', {}, element('time', { datetime: entry.wonAt }, format(entry.wonAt))),
    );
  }
}
