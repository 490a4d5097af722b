import { fill } from '../../../browser/dom.ts';
import type { DashboardPageData } from '../dashboard-page-data.ts';
import { ApiError, type ChannelApi } from './api.ts';

/** What every part of the dashboard script shares: the page data and the API. */
export interface Dashboard {
  readonly data: DashboardPageData;
  readonly api: ChannelApi;
}

/** A refusal in the streamer's words: the catalogue's text for its code, else the API's message. */
export function describeError(dashboard: Dashboard, error: unknown): string {
  const text = dashboard.data.text;
  if (error instanceof ApiError) {
    return text.errors[error.code] ?? fill(text.failed, { message: error.message });
  }
  return fill(text.failed, { message: error instanceof Error ? error.message : String(error) });
}

/** Shows a message in an element (role=alert/status), marked as an error or not. */
export function say(target: HTMLElement, message: string, kind: 'error' | 'ok' = 'ok'): void {
  target.textContent = message;
  // A cleared message is neither: `.ok` or `.error` appears only with its text (tests wait on them).
  target.classList.toggle('error', kind === 'error' && message !== '');
  target.classList.toggle('ok', kind === 'ok' && message !== '');
}

/** Runs an action from a button or form: disables it meanwhile and reports a failure in `target`. */
export async function act(
  dashboard: Dashboard,
  control: HTMLButtonElement | HTMLFormElement,
  target: HTMLElement,
  action: () => Promise<void>,
): Promise<void> {
  const buttons =
    control instanceof HTMLFormElement
      ? [...control.querySelectorAll<HTMLButtonElement>('button')]
      : [control];
  for (const button of buttons) button.disabled = true;
  say(target, '');
  try {
    await action();
  } catch (error) {
    say(target, describeError(dashboard, error), 'error');
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

/** A percentage for people: 2 decimals under 10 %, 1 above. */
export function percent(value: number, language: string): string {
  const digits = value < 10 ? 2 : 1;
  return `${value.toLocaleString(language, { minimumFractionDigits: digits, maximumFractionDigits: digits })} %`;
}
