// The odds preview (SPEC §3): each prize's chance, and the chance that one viewer of each kind wins the
// next one-winner draw among the chatters now. A viewer's chance is their weight over the total weight.
import { byId, element, fill } from '../../../browser/dom.ts';
import { type Dashboard, describeError, percent } from './context.ts';
import type { Chatters, Item, Settings } from './types.ts';

type Group = 'viewer' | 'tier1' | 'tier2' | 'tier3' | 'vip';

/** The chance of winning a one-winner draw for someone of weight `weight`, in percent. */
export function chanceOf(weight: number, totalWeight: number): number {
  return totalWeight > 0 ? (100 * weight) / totalWeight : 0;
}

export class OddsPreview {
  readonly #dashboard: Dashboard;
  #items: readonly Item[] = [];
  #settings: Settings | undefined;
  #chatters: Chatters | undefined;
  #chattersError: string | undefined;

  constructor(dashboard: Dashboard) {
    this.#dashboard = dashboard;
    const refresh = byId<HTMLButtonElement>('odds-refresh');
    refresh.addEventListener('click', async () => {
      refresh.disabled = true;
      await this.refreshChatters();
      refresh.disabled = false;
    });
  }

  setItems(items: readonly Item[]): void {
    this.#items = items;
    this.#render();
  }

  setSettings(settings: Settings): void {
    this.#settings = settings;
    this.#render();
  }

  /** Reads who is in chat now (all pages of Get Chatters, through the API). */
  async refreshChatters(): Promise<void> {
    try {
      const { api } = this.#dashboard;
      this.#chatters = await api.get<Chatters>(`${api.channelPath}/chatters`);
      this.#chattersError = undefined;
    } catch (error) {
      this.#chattersError = describeError(this.#dashboard, error);
    }
    this.#render();
  }

  #render(): void {
    const { text, language } = this.#dashboard.data;
    byId('prize-odds').replaceChildren(
      ...this.#items.map((item) => {
        const bar = element('span', { class: 'bar' });
        // CSSOM, not a style attribute: the page's CSP allows no inline styles.
        bar.style.width = `${Math.max(item.chance, 0.5)}%`;
        return element(
          'li',
          { 'data-item': item.name },
          element(
            'span',
            { class: 'bar-label' },
            item.name,
            ' ',
            element('strong', {}, percent(item.chance, language)),
          ),
          element('span', { class: 'bar-track' }, bar),
        );
      }),
    );
    const summary = byId('chatters-summary');
    const rows = byId('group-odds').querySelector('tbody') as HTMLElement;
    if (this.#chattersError) {
      summary.textContent = fill(text.chattersUnavailable, { message: this.#chattersError });
      rows.replaceChildren();
      return;
    }
    if (!this.#chatters || !this.#settings) return;
    const total = this.#chatters.chatters.reduce((sum, chatter) => sum + chatter.weight, 0);
    const count = this.#chatters.chatters.length;
    summary.textContent =
      count === 0
        ? text.chattersEmpty
        : fill(text.chattersNow, {
            count: count.toLocaleString(language),
            total: total.toLocaleString(language, { maximumFractionDigits: 2 }),
          });
    const s = this.#settings;
    const groups: [Group, number][] = [
      ['viewer', 1],
      ['tier1', s.subscriberTier1Multiplier],
      ['tier2', s.subscriberTier2Multiplier],
      ['tier3', s.subscriberTier3Multiplier],
      ['vip', s.vipMultiplier],
    ];
    rows.replaceChildren(
      ...groups.map(([group, weight]) =>
        element(
          'tr',
          { 'data-group': group },
          element('td', {}, text.groups[group]),
          element('td', { class: 'number' }, `×${weight.toLocaleString(language)}`),
          element('td', { class: 'number' }, count === 0 ? '—' : percent(chanceOf(weight, total), language)),
        ),
      ),
    );
  }
}
