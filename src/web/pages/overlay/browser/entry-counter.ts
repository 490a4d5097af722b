// The running entry count while an entry window is open (SPEC §2.7): "Inscrições abertas · digite
// !participar no chat · 12 inscritos", from entries.opened / entries.updated / entries.closed; after
// closing, the final count stays a few seconds.
import { element, fill } from '../../../browser/dom.ts';

export interface EntryCounterTexts {
  readonly entriesOpen: string;
  readonly entriesHint: string;
  readonly entriesClosed: string;
  readonly entriesCount: string;
}

const CLOSED_SHOWN_MS = 8000;

export class EntryCounter {
  readonly #box: HTMLElement;
  readonly #texts: EntryCounterTexts;
  readonly #language: string;
  #keyword: string | null = null;
  #open = false;
  #count = 0;
  #hideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(box: HTMLElement, texts: EntryCounterTexts, language: string) {
    this.#box = box;
    this.#texts = texts;
    this.#language = language;
  }

  opened(keyword: string): void {
    clearTimeout(this.#hideTimer);
    this.#open = true;
    this.#keyword = keyword;
    this.#count = 0;
    this.#render();
  }

  /** A running count. A page opened mid-window learns of it here (without the word). */
  updated(count: number): void {
    this.#count = count;
    if (!this.#open && this.#box.hidden) this.#open = true;
    this.#render();
  }

  closed(count: number): void {
    this.#open = false;
    this.#count = count;
    this.#render();
    clearTimeout(this.#hideTimer);
    this.#hideTimer = setTimeout(() => {
      this.#box.hidden = true;
    }, CLOSED_SHOWN_MS);
  }

  #render(): void {
    const t = this.#texts;
    this.#box.hidden = false;
    this.#box.dataset.open = String(this.#open);
    this.#box.dataset.count = String(this.#count);
    const title = element('div', { class: 'entries-title' }, this.#open ? t.entriesOpen : t.entriesClosed);
    const count = element(
      'div',
      { class: 'entries-count' },
      fill(t.entriesCount, { count: this.#count.toLocaleString(this.#language) }),
    );
    if (this.#open && this.#keyword) {
      const hint = element('div', { class: 'entries-hint' }, fill(t.entriesHint, { keyword: this.#keyword }));
      this.#box.replaceChildren(title, hint, count);
    } else {
      this.#box.replaceChildren(title, count);
    }
  }
}
