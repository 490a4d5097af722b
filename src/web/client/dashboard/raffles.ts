// One-off draws and the history, with links to each proof page; live draws arrive at the top.
import { byId, element, fill } from '../lib/dom.ts';
import { act, type Dashboard, describeError } from './context.ts';
import type { Raffle } from './types.ts';

function winnersList(dashboard: Dashboard, raffle: Raffle): HTMLElement {
  const { text } = dashboard.data;
  if (raffle.winners.length === 0) return element('p', { class: 'muted' }, text.noWinners);
  return element(
    'ul',
    { class: 'winners' },
    ...raffle.winners.map((winner) =>
      element(
        'li',
        {},
        element('strong', { class: 'login' }, winner.login),
        ' — ',
        winner.itemName ?? element('span', { class: 'muted' }, text.noPrize),
      ),
    ),
  );
}

function proofLink(dashboard: Dashboard, raffle: Raffle): HTMLAnchorElement {
  // The proof page's own path: the same server, whatever PUBLIC_URL says.
  return element('a', { href: `/r/${raffle.raffleId}`, class: 'proof-link' }, dashboard.data.text.proof);
}

export class RaffleHistory {
  readonly #dashboard: Dashboard;
  readonly #list = byId('history');
  readonly #more = byId<HTMLButtonElement>('history-more');
  readonly #shown = new Set<number>();
  #nextBefore: number | null = null;

  constructor(dashboard: Dashboard) {
    this.#dashboard = dashboard;
    this.#more.addEventListener('click', () => this.#load(this.#nextBefore));
  }

  async refresh(): Promise<void> {
    this.#list.replaceChildren();
    this.#shown.clear();
    await this.#load(null);
  }

  /** A draw that just happened (or was redrawn): shown first, or replaced where it is. */
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
      winnersList(this.#dashboard, raffle),
    );
  }
}

/** The "Sortear agora" form and its result. */
export class DrawNow {
  constructor(dashboard: Dashboard, onDrawn: (raffle: Raffle) => void) {
    const form = byId<HTMLFormElement>('draw-form');
    const message = byId('draw-message');
    const result = byId('draw-result');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const winners = Number(new FormData(form).get('winners'));
      void act(dashboard, form, message, async () => {
        const { api } = dashboard;
        const raffle = await api.send<Raffle>('POST', `${api.channelPath}/raffles`, {
          winners,
          idempotencyKey: `dashboard-${crypto.randomUUID()}`,
        });
        result.replaceChildren(
          element(
            'h3',
            {},
            fill(dashboard.data.text.drawResult, { id: raffle.raffleId }),
            ' · ',
            proofLink(dashboard, raffle),
          ),
          winnersList(dashboard, raffle),
        );
        onDrawn(raffle);
      });
    });
  }
}
