// The rules form (SPEC §2.6, §2.7, §3): filled from the channel's settings, saved with PATCH …/settings, and the
// API's validation messages shown beside the fields they name.

import { byId } from '../../../browser/dom.ts';
import type { RuleKind } from '../dashboard-page-data.ts';
import { ApiError } from './api.ts';
import { act, type Dashboard, describeError, say } from './context.ts';
import type { ChannelView, Settings } from './types.ts';

type RuleControl = HTMLInputElement | HTMLSelectElement;

function readField(input: RuleControl): unknown {
  const kind = input.dataset.kind as RuleKind;
  if (kind === 'boolean') return input instanceof HTMLInputElement && input.checked;
  if (kind === 'text' || kind === 'choice') return input.value;
  const raw = input.value.trim();
  if (raw === '') return kind === 'optionalInteger' ? null : Number.NaN;
  return Number(raw.replace(',', '.'));
}

export class RulesForm {
  readonly #form = byId<HTMLFormElement>('rules-form');
  readonly #message = byId('rules-message');
  readonly #inputs: RuleControl[];

  constructor(dashboard: Dashboard, onSaved: (channel: ChannelView) => void) {
    this.#inputs = [...this.#form.querySelectorAll<RuleControl>('input[data-kind], select[data-kind]')];
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#clearErrors();
      const body = Object.fromEntries(this.#inputs.map((input) => [input.name, readField(input)]));
      void act(dashboard, this.#form, this.#message, async () => {
        try {
          const { api } = dashboard;
          const channel = await api.send<ChannelView>('PATCH', `${api.channelPath}/settings`, body);
          this.fill(channel.settings);
          onSaved(channel);
          say(this.#message, dashboard.data.text.saved);
        } catch (error) {
          if (error instanceof ApiError) this.#showFieldErrors(error, dashboard);
          throw error;
        }
      });
    });
  }

  /** Puts the saved values in the form. */
  fill(settings: Settings): void {
    for (const input of this.#inputs) {
      const value = settings[input.name];
      if (input instanceof HTMLInputElement && input.dataset.kind === 'boolean')
        input.checked = value === true;
      else input.value = value === null || value === undefined ? '' : String(value);
    }
  }

  #clearErrors(): void {
    for (const slot of this.#form.querySelectorAll<HTMLElement>('[data-error-for]')) slot.textContent = '';
    for (const input of this.#inputs) input.removeAttribute('aria-invalid');
  }

  #showFieldErrors(error: ApiError, dashboard: Dashboard): void {
    const fields = [...error.fields];
    // A follow-age rule needs a scope older connections lack: the refusal belongs beside that field.
    if (error.code === 'reconnect_for_follow_rules') {
      fields.push({ field: 'minFollowDays', problem: describeError(dashboard, error) });
    }
    for (const { field, problem } of fields) {
      const slot = this.#form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(field)}"]`);
      if (!slot) continue;
      slot.textContent = problem;
      this.#form.querySelector(`[name="${CSS.escape(field)}"]`)?.setAttribute('aria-invalid', 'true');
    }
  }
}
