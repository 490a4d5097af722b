// Secret codes (SPEC §2.8): each prize's unused/total count, and pasting codes one per line. The codes
// typed here go to the API and leave the page: the box is emptied, and nothing ever shows them again.
import { byId, element, fill } from '../../../browser/dom.ts';
import { act, type Dashboard, say } from './context.ts';
import type { Item } from './types.ts';

/** The codes of a paste: one per line, spaces around each dropped, blank lines skipped. */
export function codesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export class CodesPanel {
  readonly #dashboard: Dashboard;
  readonly #rows = byId('code-rows');
  readonly #select = byId<HTMLSelectElement>('codes-item');
  readonly #text = byId<HTMLTextAreaElement>('codes-text');
  readonly #count = byId('codes-count');
  readonly #message = byId('codes-message');
  #items: readonly Item[] = [];

  /** `onSaved` runs after codes were added (the prize's quantity changed). */
  constructor(dashboard: Dashboard, onSaved: () => Promise<void>) {
    this.#dashboard = dashboard;
    const { api, data } = dashboard;
    const max = Number(this.#text.dataset.max ?? 1000);
    this.#text.addEventListener('input', () => this.#showCount());
    this.#showCount();
    const form = byId<HTMLFormElement>('codes-form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const codes = codesOf(this.#text.value);
      const item = this.#items.find((candidate) => String(candidate.id) === this.#select.value);
      if (!item) return;
      if (codes.length === 0) return say(this.#message, data.text.codesEmpty, 'error');
      if (codes.length > max) {
        const count = (value: number) => value.toLocaleString(data.language);
        return say(
          this.#message,
          fill(data.text.codesTooMany, { max: count(max), count: count(codes.length) }),
          'error',
        );
      }
      void act(dashboard, form, this.#message, async () => {
        const saved = await api.send<{ added: number; unused: number }>(
          'POST',
          `${api.channelPath}/items/${item.id}/codes`,
          { codes },
        );
        this.#text.value = '';
        this.#showCount();
        await onSaved();
        say(this.#message, fill(data.text.codesSaved, { ...saved, prize: item.name }));
      });
    });
  }

  /** Shows the prizes (a new list from the prize card): their code counts, and the choice of prize. */
  setItems(items: readonly Item[]): void {
    this.#items = items;
    const { text } = this.#dashboard.data;
    byId('codes-none').hidden = items.length > 0;
    this.#rows.replaceChildren(
      ...items.map((item) =>
        element(
          'tr',
          { 'data-item': item.name },
          element('td', { class: 'prize-name' }, item.name),
          element('td', { class: 'number code-unused' }, item.codes ? item.codes.unused : text.codesNoCodes),
          element('td', { class: 'number code-total' }, item.codes ? item.codes.total : text.codesNoCodes),
        ),
      ),
    );
    const chosen = this.#select.value;
    this.#select.replaceChildren(
      ...items.map((item) => element('option', { value: String(item.id) }, item.name)),
    );
    if (items.some((item) => String(item.id) === chosen)) this.#select.value = chosen;
  }

  #showCount(): void {
    const count = codesOf(this.#text.value).length;
    this.#count.textContent = fill(this.#dashboard.data.text.codesCount, { count });
  }
}
