// The overlay's line for each draw waiting for its drand round (SPEC §4.1): from `raffle.snapshot`
// "aguardando a rodada N do drand…" with a countdown to when it is drawn; it goes when the draw's
// `raffle.drawn` arrives (the reveal follows), or turns into "sorteio anulado" on `raffle.voided`, which
// stays a few seconds and fades.
import { element } from '../../../browser/dom.ts';
import { type BeaconLineState, type BeaconLineTexts, beaconLine } from './beacon-line.ts';

const VOIDED_LINE_MS = 8000;
const FADE_MS = 600;

interface WaitingDraw {
  readonly raffleId: number;
  readonly round: number;
  /** When the draw is expected: the round's time, or a session tick's due time if later. */
  readonly drawAt: string;
  state: BeaconLineState;
  readonly line: HTMLLIElement;
}

export class BeaconBoard {
  readonly #list: HTMLElement;
  readonly #texts: BeaconLineTexts;
  readonly #draws = new Map<number, WaitingDraw>();

  constructor(list: HTMLElement, texts: BeaconLineTexts) {
    this.#list = list;
    this.#texts = texts;
    setInterval(() => this.#tick(), 250);
  }

  /** A draw froze its list and waits for drand round `round`; it is expected at `drawAt`. */
  waiting(raffleId: number, round: number, drawAt: string): void {
    if (this.#draws.has(raffleId)) return;
    const line = element('li', { class: 'beacon-wait', 'data-raffle': String(raffleId) });
    const draw: WaitingDraw = { raffleId, round, drawAt, state: 'waiting', line };
    this.#draws.set(raffleId, draw);
    this.#list.append(line);
    this.#render(draw);
  }

  /** The draw happened: its line goes (the reveal takes the stage). */
  drawn(raffleId: number): void {
    const draw = this.#draws.get(raffleId);
    if (!draw) return;
    draw.line.remove();
    this.#draws.delete(raffleId);
  }

  /** The draw's round never came: the line says the raffle is void, then fades. */
  voided(raffleId: number): void {
    // A page opened after the snapshot has no line yet: the outcome is still worth showing.
    if (!this.#draws.has(raffleId)) this.waiting(raffleId, 0, new Date().toISOString());
    const draw = this.#draws.get(raffleId);
    if (!draw || draw.state === 'voided') return;
    draw.state = 'voided';
    this.#render(draw);
    setTimeout(() => {
      draw.line.classList.add('leaving');
      setTimeout(() => {
        draw.line.remove();
        this.#draws.delete(raffleId);
      }, FADE_MS);
    }, VOIDED_LINE_MS);
  }

  #render(draw: WaitingDraw): void {
    const { text, countdown } = beaconLine(draw, Date.now(), this.#texts);
    draw.line.dataset.state = draw.state;
    const what = element('span', { class: 'what' }, text);
    if (countdown === null) draw.line.replaceChildren(what);
    else draw.line.replaceChildren(what, element('span', { class: 'countdown' }, countdown));
  }

  #tick(): void {
    for (const draw of this.#draws.values()) {
      if (draw.state !== 'waiting') continue;
      const { countdown } = beaconLine(draw, Date.now(), this.#texts);
      const shown = draw.line.querySelector('.countdown');
      if ((shown?.textContent ?? null) !== countdown) this.#render(draw);
    }
  }
}
