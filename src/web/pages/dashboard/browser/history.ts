// The history of draws, with links to each proof page; live draws arrive at the top, and a draw waiting
// for its drand round (SPEC §4.1) shows as waiting until it is drawn or void.
import { byId, element, fill } from '../../../browser/dom.ts';
import { type Dashboard, describeError } from './context.ts';
import { proofLink, raffleBody, tickStateLines } from './raffle-parts.ts';
import type { Raffle } from './types.ts';

export class RaffleHistory {
  readonly #dashboard: Dashboard;
  readonly #list = byId('history');
  readonly #more = byId<HTMLButtonElement>('history-more');
  readonly #shown = new Set<number>();
  #nextBefore: number | null = null;

  constructor(dashboard: Dashboard) {
    this.#dashboard = dashboard;
    this.#more.addEventListener('click', () => this.#load(this.#nextBefore));
    window.setInterval(() => tickStateLines(dashboard, this.#list), 250);
  }

  async refresh(): Promise<void> {
    this.#list.replaceChildren();
    this.#shown.clear();
    await this.#load(null);
  }

  /** A draw that just happened, froze its list, went void or was redrawn: shown first, or replaced where it is. */
  showLive(raffle: Raffle): void {
    const row = this.#row(raffle);
    const existing = this.#list.querySelector(`[data-raffle="${raffle.raffleId}"]`);
    if (existing) existing.replaceWith(row);
    else this.#list.prepend(row);
    this.#shown.add(raffle.raffleId);
    byId('history-empty').hidden = true;
    row.classList.add('fresh');
  }

  async #load(before: number | null): Promise<void> {
    try {
      const { api } = this.#dashboard;
      const query = `?limit=10${before === null ? '' : `&before=${before}`}`;
      const page = await api.get<{ raffles: Raffle[]; nextBefore: number | null }>(
        `${api.channelPath}/raffles${query}`,
      );
      for (const raffle of page.raffles) {
        if (this.#shown.has(raffle.raffleId)) continue;
        this.#shown.add(raffle.raffleId);
        this.#list.append(this.#row(raffle));
      }
      this.#nextBefore = page.nextBefore;
      this.#more.hidden = page.nextBefore === null;
      byId('history-empty').hidden = this.#shown.size > 0;
    } catch (error) {
      this.#list.replaceChildren(element('li', { class: 'error' }, describeError(this.#dashboard, error)));
    }
  }

  #row(raffle: Raffle): HTMLLIElement {
    const { text, language } = this.#dashboard.data;
    const when = new Date(raffle.drawnAt ?? raffle.createdAt).toLocaleString(language);
    return element(
      'li',
      { 'data-raffle': String(raffle.raffleId), 'data-status': raffle.status },
      element(
        'p',
        { class: 'raffle-line' },
        fill(text.raffleLine, { id: raffle.raffleId, time: when }),
        ' · ',
        proofLink(this.#dashboard, raffle),
      ),
      ...raffleBody(this.#dashboard, raffle),
    );
  }
}
