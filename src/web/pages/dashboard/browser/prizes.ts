// Prizes: the table with inline weight and quantity, each prize's chance, add one, paste a list, remove.
import { byId, element, fill } from '../../../browser/dom.ts';
import { act, type Dashboard, describeError, percent, say } from './context.ts';
import type { Item } from './types.ts';

/** The prize list; `onChange` hears every new list (the odds use it). */
export class PrizeList {
  readonly #dashboard: Dashboard;
  readonly #rows = byId('prize-rows');
  readonly #message = byId('prizes-message');
  readonly #onChange: (items: readonly Item[]) => void;

  constructor(dashboard: Dashboard, onChange: (items: readonly Item[]) => void) {
    this.#dashboard = dashboard;
    this.#onChange = onChange;
    const { api } = dashboard;
    const form = byId<HTMLFormElement>('prize-form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const fields = new FormData(form);
      const quantity = String(fields.get('quantity') ?? '').trim();
      void act(dashboard, form, this.#message, async () => {
        await api.send('POST', `${api.channelPath}/items`, {
          name: String(fields.get('name') ?? ''),
          weight: Number(fields.get('weight')),
          quantity: quantity === '' ? null : Number(quantity),
        });
        form.reset();
        await this.refresh();
      });
    });
    const paste = byId<HTMLFormElement>('paste-form');
    paste.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = byId<HTMLTextAreaElement>('paste-text');
      void act(dashboard, paste, this.#message, async () => {
        await api.send('POST', `${api.channelPath}/items`, { text: text.value });
        text.value = '';
        await this.refresh();
      });
    });
    const clear = byId<HTMLButtonElement>('prizes-clear');
    clear.addEventListener('click', () => {
      if (!window.confirm(dashboard.data.text.confirmClear)) return;
      void act(dashboard, clear, this.#message, async () => {
        await api.send('DELETE', `${api.channelPath}/items`);
        await this.refresh();
      });
    });
  }

  /** Reloads the list (after a change here, or a draw that used a prize). */
  async refresh(): Promise<void> {
    try {
      const { items } = await this.#dashboard.api.get<{ items: Item[] }>(
        `${this.#dashboard.api.channelPath}/items`,
      );
      this.#render(items);
      this.#onChange(items);
    } catch (error) {
      say(this.#message, describeError(this.#dashboard, error), 'error');
    }
  }

  #render(items: readonly Item[]): void {
    byId('prizes-empty').hidden = items.length > 0;
    this.#rows.replaceChildren(...items.map((item) => this.#row(item)));
  }

  #row(item: Item): HTMLTableRowElement {
    const { text, language } = this.#dashboard.data;
    const weight = element('input', {
      type: 'number',
      min: '1',
      max: '1000000',
      step: '1',
      value: String(item.weight),
      'aria-label': fill(text.weightOf, { name: item.name }),
      class: 'inline-number',
    });
    const quantity = element('input', {
      type: 'number',
      min: '0',
      max: '1000000',
      step: '1',
      value: item.quantity === null ? '' : String(item.quantity),
      placeholder: text.unlimited,
      'aria-label': fill(text.quantityOf, { name: item.name }),
      class: 'inline-number',
    });
    // A prize with codes has as many units as unused codes (SPEC §2.8): its quantity follows them.
    if (item.codes) {
      quantity.readOnly = true;
      quantity.title = text.codesQuantityNote;
    }
    weight.addEventListener('change', () => this.#update(item, { weight: Number(weight.value) }));
    quantity.addEventListener('change', () =>
      this.#update(item, { quantity: quantity.value.trim() === '' ? null : Number(quantity.value) }),
    );
    const remove = element(
      'button',
      { type: 'button', class: 'secondary small', 'aria-label': fill(text.removeNamed, { name: item.name }) },
      text.remove,
    );
    remove.addEventListener('click', () =>
      act(this.#dashboard, remove, this.#message, async () => {
        const { api } = this.#dashboard;
        await api.send('DELETE', `${api.channelPath}/items/${item.id}`);
        await this.refresh();
      }),
    );
    return element(
      'tr',
      { 'data-item': item.name },
      element('td', { class: 'prize-name' }, item.name),
      element('td', { class: 'number' }, weight),
      element('td', { class: 'number' }, quantity),
      element('td', { class: 'number chance' }, percent(item.chance, language)),
      element('td', {}, remove),
    );
  }

  async #update(item: Item, change: { weight?: number; quantity?: number | null }): Promise<void> {
    const { api } = this.#dashboard;
    say(this.#message, '');
    try {
      await api.send('PATCH', `${api.channelPath}/items/${item.id}`, change);
    } catch (error) {
      say(this.#message, describeError(this.#dashboard, error), 'error');
    }
    await this.refresh();
  }
}
