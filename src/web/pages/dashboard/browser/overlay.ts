// The OBS overlay's address: shown, copied, and replaced when it leaked.
import { byId } from '../../../browser/dom.ts';
import { act, type Dashboard, describeError, say } from './context.ts';

export class OverlayLink {
  readonly #dashboard: Dashboard;
  readonly #input = byId<HTMLInputElement>('overlay-url');
  readonly #message = byId('overlay-message');

  constructor(dashboard: Dashboard) {
    this.#dashboard = dashboard;
    const { api, data } = dashboard;
    const copy = byId<HTMLButtonElement>('overlay-copy');
    copy.addEventListener('click', async () => {
      this.#input.select();
      try {
        await navigator.clipboard.writeText(this.#input.value);
        say(this.#message, data.text.copied);
      } catch {
        // No clipboard permission (plain http, an old browser): the text stays selected for Ctrl+C.
        say(this.#message, '');
      }
    });
    const regenerate = byId<HTMLButtonElement>('overlay-regenerate');
    regenerate.addEventListener('click', () => {
      if (!window.confirm(data.text.confirmRegenerate)) return;
      void act(dashboard, regenerate, this.#message, async () => {
        this.#show(await api.send<{ url: string }>('POST', `${api.channelPath}/overlay-key`));
        say(this.#message, data.text.saved);
      });
    });
  }

  async refresh(): Promise<void> {
    try {
      const { api } = this.#dashboard;
      this.#show(await api.get<{ url: string }>(`${api.channelPath}/overlay-key`));
    } catch (error) {
      say(this.#message, describeError(this.#dashboard, error), 'error');
    }
  }

  #show(overlay: { url: string }): void {
    this.#input.value = overlay.url;
  }
}
