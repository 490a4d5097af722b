// The "Sortear agora" form and its result, with "Sortear de novo" on each slot (SPEC §2.4). With public
// randomness (SPEC §4.1) the draw waits for its drand round: the API answers 201 with the drawn raffle
// when the round came in time, else 202 with the raffle still pending; then the result says which round
// it waits for, and the `raffle.drawn` (or `raffle.voided`) event of the stream finishes it.
import { byId, element, fill } from '../../../browser/dom.ts';
import { act, type Dashboard } from './context.ts';
import { proofLink, raffleBody, tickStateLines } from './raffle-parts.ts';
import type { Raffle } from './types.ts';

export class DrawNow {
  readonly #dashboard: Dashboard;
  readonly #result = byId('draw-result');
  readonly #message = byId('draw-message');
  readonly #onDrawn: (raffle: Raffle) => void;
  /** Raffles the stream already said are drawn or void: an answer that arrives later cannot undo that. */
  readonly #settled = new Map<number, Raffle>();
  #shown: number | undefined;
  #drawing = false;

  constructor(dashboard: Dashboard, onDrawn: (raffle: Raffle) => void) {
    this.#dashboard = dashboard;
    this.#onDrawn = onDrawn;
    const form = byId<HTMLFormElement>('draw-form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const winners = Number(new FormData(form).get('winners'));
      void act(dashboard, form, this.#message, () => this.#draw(winners));
    });
    window.setInterval(() => tickStateLines(dashboard, this.#result), 250);
  }

  /**
   * A draw froze its list and waits for its round (`raffle.snapshot`): while this page's own draw is on
   * its way, that is most likely it, so the wait is shown before the API answers.
   */
  waiting(raffle: Raffle, trigger: string): void {
    if (this.#drawing && trigger === 'dashboard' && !this.#settled.has(raffle.raffleId)) {
      this.#show(raffle, false);
    }
  }

  /** A raffle as an event has it now (drawn, void, claimed, redrawn): shown again if it is the result shown. */
  update(raffle: Raffle): void {
    if (raffle.status !== 'pending') this.#settled.set(raffle.raffleId, raffle);
    if (this.#shown === raffle.raffleId) this.#show(raffle, false);
  }

  async #draw(winners: number): Promise<void> {
    const { api } = this.#dashboard;
    this.#drawing = true;
    try {
      // 201: drawn; 202: still waiting for its round (its body says which).
      const answer = await api.send<Raffle>('POST', `${api.channelPath}/raffles`, {
        winners,
        idempotencyKey: `dashboard-${crypto.randomUUID()}`,
      });
      this.#show(this.#settled.get(answer.raffleId) ?? answer);
    } finally {
      this.#drawing = false;
    }
  }

  #rerollButton(raffle: Raffle, winner: Raffle['winners'][number]): HTMLButtonElement {
    const { text } = this.#dashboard.data;
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
  }

  #show(raffle: Raffle, fresh = true): void {
    this.#shown = raffle.raffleId;
    const { text } = this.#dashboard.data;
    this.#result.dataset.raffle = String(raffle.raffleId);
    this.#result.dataset.status = raffle.status;
    this.#result.replaceChildren(
      element(
        'h3',
        {},
        fill(text.drawResult, { id: raffle.raffleId }),
        ' · ',
        proofLink(this.#dashboard, raffle),
      ),
      ...raffleBody(this.#dashboard, raffle, (winner) => this.#rerollButton(raffle, winner)),
    );
    if (fresh) this.#onDrawn(raffle);
  }
}
