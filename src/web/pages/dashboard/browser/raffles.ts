// One-off draws and the history, with links to each proof page; live draws arrive at the top.
import { byId, element, fill } from '../../../browser/dom.ts';
import { act, type Dashboard, describeError } from './context.ts';
import type { Raffle } from './types.ts';

function winnersList(
  dashboard: Dashboard,
  raffle: Raffle,
  extra: (winner: Raffle['winners'][number]) => Node | null = () => null,
): HTMLElement {
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
        winner.claim
          ? element(
              'span',
              { class: 'claim-badge', 'data-state': winner.claim.state },
              text.claimBadges[winner.claim.state] ?? winner.claim.state,
            )
          : null,
        extra(winner),
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

/** The "Sortear agora" form and its result, with "Sortear de novo" on each slot (SPEC §2.4). */
export class DrawNow {
  readonly #dashboard: Dashboard;
  readonly #message = byId('draw-message');
  readonly #result = byId('draw-result');
  readonly #onDrawn: (raffle: Raffle) => void;
  #shown: number | undefined;

  constructor(dashboard: Dashboard, onDrawn: (raffle: Raffle) => void) {
    this.#dashboard = dashboard;
    this.#onDrawn = onDrawn;
    const form = byId<HTMLFormElement>('draw-form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const winners = Number(new FormData(form).get('winners'));
      void act(dashboard, form, this.#message, async () => {
        const { api } = dashboard;
        this.#show(
          await api.send<Raffle>('POST', `${api.channelPath}/raffles`, {
            winners,
            idempotencyKey: `dashboard-${crypto.randomUUID()}`,
          }),
        );
      });
    });
  }

  /** A raffle as an event has it now (claimed, redrawn, forfeited): shown again if it is the result shown. */
  update(raffle: Raffle): void {
    if (this.#shown === raffle.raffleId) this.#show(raffle, false);
  }

  #show(raffle: Raffle, fresh = true): void {
    this.#shown = raffle.raffleId;
    const { text } = this.#dashboard.data;
    const reroll = (winner: Raffle['winners'][number]) => {
      const button = element(
        'button',
        {
          type: 'button',
          class: 'secondary small',
          'aria-label': fill(text.rerollPosition, { position: winner.position, login: winner.login }),
        },
        text.reroll,
      );
      button.addEventListener('click', () =>
        act(this.#dashboard, button, this.#message, async () => {
          this.#show(
            await this.#dashboard.api.send<Raffle>('POST', `/api/v1/raffles/${raffle.raffleId}/reroll`, {
              position: winner.position,
            }),
          );
        }),
      );
      return button;
    };
    this.#result.replaceChildren(
      element(
        'h3',
        {},
        fill(text.drawResult, { id: raffle.raffleId }),
        ' · ',
        proofLink(this.#dashboard, raffle),
      ),
      winnersList(this.#dashboard, raffle, reroll),
    );
    if (fresh) this.#onDrawn(raffle);
  }
}
