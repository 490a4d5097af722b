// The claim windows of recent draws (SPEC §2.6): who still has to type the claim word, with a live
// countdown to the deadline and their first chat message since the draw; claimed, redrawn and
// forfeited slots as they happen (raffle.* events carry the raffle; a look every few seconds brings
// the first message, which has no event of its own).
import { byId, element, fill } from '../../../browser/dom.ts';
import { claimStatus, firstMessageText } from './claim-status.ts';
import type { Dashboard } from './context.ts';
import type { Raffle } from './types.ts';

const KEPT_RAFFLES = 5;
const LOOK_EVERY_MS = 3000;

export class ClaimsPanel {
  readonly #dashboard: Dashboard;
  readonly #list = byId('claim-list');
  readonly #empty = byId('claims-empty');
  /** Recent raffles with claim windows, newest first. */
  #raffles: Raffle[] = [];
  #lastLook = 0;

  constructor(dashboard: Dashboard) {
    this.#dashboard = dashboard;
    window.setInterval(() => this.#tick(), 250);
  }

  /** Takes the claim windows of the latest draws (the first page of the history). */
  async refresh(): Promise<void> {
    const { api } = this.#dashboard;
    const page = await api.get<{ raffles: Raffle[] }>(`${api.channelPath}/raffles?limit=10`);
    this.#raffles = [];
    for (const raffle of [...page.raffles].reverse()) this.show(raffle);
    this.#render();
  }

  /** A raffle as an event or the API has it now: shown if it has claim windows. */
  show(raffle: Raffle): void {
    if (!raffle.winners.some((winner) => winner.claim !== null)) return;
    this.#raffles = [raffle, ...this.#raffles.filter((kept) => kept.raffleId !== raffle.raffleId)]
      .sort((a, b) => b.raffleId - a.raffleId)
      .slice(0, KEPT_RAFFLES);
    this.#render();
  }

  #render(): void {
    const rows = this.#raffles.flatMap((raffle) => raffle.winners.map((winner) => this.#row(raffle, winner)));
    const shown = rows.filter((row): row is HTMLLIElement => row !== null);
    this.#list.replaceChildren(...shown);
    this.#empty.hidden = shown.length > 0;
    this.#tick();
  }

  #row(raffle: Raffle, winner: Raffle['winners'][number]): HTMLLIElement | null {
    const { claim } = winner;
    if (claim === null) return null;
    const { text, language } = this.#dashboard.data;
    const time = (iso: string) => new Date(iso).toLocaleTimeString(language);
    const replaced = raffle.replaced
      .filter((holder) => holder.position === winner.position && holder.reason === 'unclaimed')
      .map((holder) => holder.login);
    return element(
      'li',
      {
        'data-raffle': String(raffle.raffleId),
        'data-position': String(winner.position),
        'data-login': winner.login,
        'data-state': claim.state,
      },
      element(
        'p',
        { class: 'claim-head' },
        element('strong', { class: 'login' }, winner.login),
        winner.itemName ? ` — ${winner.itemName}` : '',
        ' ',
        element(
          'span',
          { class: 'muted' },
          fill(text.claimSlot, { id: raffle.raffleId, position: winner.position }),
        ),
      ),
      element('p', { class: 'claim-status', 'data-deadline': claim.deadline ?? '' }),
      element('p', { class: 'claim-message muted' }, firstMessageText(claim, text, time)),
      replaced.length > 0
        ? element(
            'p',
            { class: 'claim-replaced muted' },
            fill(text.claimReplaced, { logins: replaced.join(', ') }),
          )
        : null,
    );
  }

  /** Updates the countdowns, and looks again at raffles that still wait for a claim. */
  #tick(): void {
    const { text, language } = this.#dashboard.data;
    const time = (iso: string) => new Date(iso).toLocaleTimeString(language);
    const now = Date.now();
    for (const raffle of this.#raffles) {
      for (const winner of raffle.winners) {
        if (winner.claim === null) continue;
        const row = this.#list.querySelector<HTMLElement>(
          `li[data-raffle="${raffle.raffleId}"][data-position="${winner.position}"]`,
        );
        const status = row?.querySelector<HTMLElement>('.claim-status');
        if (!row || !status) continue;
        const { phase, text: sentence } = claimStatus(winner.claim, now, text, time);
        row.dataset.phase = phase;
        if (status.textContent !== sentence) status.textContent = sentence;
      }
    }
    if (now - this.#lastLook >= LOOK_EVERY_MS) {
      this.#lastLook = now;
      void this.#lookAgain();
    }
  }

  async #lookAgain(): Promise<void> {
    const waiting = this.#raffles.filter((raffle) =>
      raffle.winners.some((winner) => winner.claim?.state === 'awaiting_claim'),
    );
    const { api } = this.#dashboard;
    for (const raffle of waiting) {
      try {
        this.show(await api.get<Raffle>(`/api/v1/raffles/${raffle.raffleId}`));
      } catch (error) {
        console.warn('could not look at the claims of a raffle again', error);
      }
    }
  }
}
