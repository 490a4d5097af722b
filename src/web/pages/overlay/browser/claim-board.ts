// The overlay's claim lines (SPEC §2.6): after a winner is revealed, "aguardando @fulano…" with a
// countdown under the stage; then ✓ when they claim, "não resgatou" before a redrawn winner's reveal, or
// "não resgatado" when the slot is forfeited. Ended lines stay a few seconds, then fade.
import { element } from '../../../browser/dom.ts';
import { type ClaimLineState, type ClaimLineTexts, claimLine } from './claim-line.ts';

const ENDED_LINE_MS = 8000;
const FADE_MS = 600;

interface Slot {
  readonly key: string;
  readonly login: string;
  deadline: string | null;
  state: ClaimLineState;
  /** Set once the slot's winner has been revealed (or at once for a slot the page only heard end). */
  line?: HTMLLIElement;
}

/** A slot holder: which raffle, which position, who. */
export interface SlotHolder {
  readonly raffleId: number;
  readonly position: number;
  readonly userId: string;
  readonly login: string;
}

const keyOf = (holder: Pick<SlotHolder, 'raffleId' | 'position' | 'userId'>) =>
  `${holder.raffleId}:${holder.position}:${holder.userId}`;

export class ClaimBoard {
  readonly #list: HTMLElement;
  readonly #texts: ClaimLineTexts;
  readonly #slots = new Map<string, Slot>();

  constructor(list: HTMLElement, texts: ClaimLineTexts) {
    this.#list = list;
    this.#texts = texts;
    setInterval(() => this.#tick(), 250);
  }

  /** A holder whose claim window runs: known now, shown once `show` is called (after the reveal). */
  expect(holder: SlotHolder, deadline: string | null): void {
    const key = keyOf(holder);
    if (!this.#slots.has(key)) this.#slots.set(key, { key, login: holder.login, deadline, state: 'waiting' });
  }

  /** Shows the holder's line (their reveal just landed). */
  show(holder: SlotHolder): void {
    const slot = this.#slots.get(keyOf(holder));
    if (!slot || slot.line) return;
    slot.line = element('li', { class: 'claim', 'data-key': slot.key });
    this.#list.append(slot.line);
    this.#render(slot);
    if (slot.state !== 'waiting') this.#endSoon(slot);
  }

  /** The holder's window started again with a new deadline (the API was down meanwhile). */
  restart(holder: SlotHolder, deadline: string): void {
    const key = keyOf(holder);
    const slot = this.#slots.get(key);
    if (!slot) {
      this.#slots.set(key, { key, login: holder.login, deadline, state: 'waiting' });
      this.show(holder);
      return;
    }
    slot.deadline = deadline;
    this.#render(slot);
  }

  /** The holder's window ended: claimed, redrawn to someone else, or forfeited. */
  end(holder: SlotHolder, state: Exclude<ClaimLineState, 'waiting'>): void {
    const key = keyOf(holder);
    let slot = this.#slots.get(key);
    if (!slot) {
      // The page opened after the draw: the outcome is still worth showing.
      slot = { key, login: holder.login, deadline: null, state };
      this.#slots.set(key, slot);
      this.show(holder);
      return;
    }
    if (slot.state !== 'waiting') return;
    slot.state = state;
    if (!slot.line) return;
    this.#render(slot);
    this.#endSoon(slot);
  }

  #render(slot: Slot): void {
    const line = slot.line;
    if (!line) return;
    const { text, countdown } = claimLine(slot, Date.now(), this.#texts);
    line.dataset.state = slot.state;
    const who = element('span', { class: 'who' }, text);
    if (countdown === null) line.replaceChildren(who);
    else line.replaceChildren(who, element('span', { class: 'countdown' }, countdown));
  }

  #endSoon(slot: Slot): void {
    setTimeout(() => {
      slot.line?.classList.add('leaving');
      setTimeout(() => {
        slot.line?.remove();
        this.#slots.delete(slot.key);
      }, FADE_MS);
    }, ENDED_LINE_MS);
  }

  #tick(): void {
    for (const slot of this.#slots.values()) {
      if (slot.state !== 'waiting' || !slot.line) continue;
      const countdown = slot.line.querySelector('.countdown');
      const { countdown: left } = claimLine(slot, Date.now(), this.#texts);
      if (countdown && countdown.textContent !== left) countdown.textContent = left;
    }
  }
}
