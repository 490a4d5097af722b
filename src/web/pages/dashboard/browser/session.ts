// The automatic session: its state, a live countdown to the next draw, start and stop.
import { countdownText } from '../../../browser/countdown.ts';
import { byId, fill } from '../../../browser/dom.ts';
import { act, type Dashboard, say } from './context.ts';
import type { Session, Settings } from './types.ts';

export class SessionPanel {
  readonly #dashboard: Dashboard;
  readonly #status = byId('session-status');
  readonly #countdown = byId('countdown');
  readonly #form = byId<HTMLFormElement>('session-form');
  readonly #stop = byId<HTMLButtonElement>('session-stop');
  readonly #message = byId('session-message');
  #session: Session | undefined;
  #timer: number | undefined;
  #lastLook = 0;

  constructor(dashboard: Dashboard) {
    this.#dashboard = dashboard;
    const { api } = dashboard;
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      const fields = new FormData(this.#form);
      const maxDraws = String(fields.get('maxDraws') ?? '').trim();
      void act(dashboard, this.#form, this.#message, async () => {
        this.show(
          await api.send<Session>('POST', `${api.channelPath}/session`, {
            intervalSeconds: Number(fields.get('intervalSeconds')),
            chance: Number(String(fields.get('chance')).replace(',', '.')),
            maxDraws: maxDraws === '' ? null : Number(maxDraws),
          }),
        );
      });
    });
    this.#stop.addEventListener('click', () =>
      act(dashboard, this.#stop, this.#message, async () => {
        this.show(await api.send<Session>('DELETE', `${api.channelPath}/session`));
      }),
    );
  }

  /** The channel's defaults in the start form. */
  setDefaults(settings: Settings): void {
    const set = (name: string, value: number | null) => {
      const input = this.#form.elements.namedItem(name) as HTMLInputElement;
      if (input && input.value === '') input.value = value === null ? '' : String(value);
    };
    set('intervalSeconds', settings.sessionIntervalSeconds);
    set('chance', settings.sessionChance);
    set('maxDraws', settings.sessionMaxDraws);
  }

  async refresh(): Promise<void> {
    try {
      const { api } = this.#dashboard;
      this.show(await api.get<Session>(`${api.channelPath}/session`));
    } catch (error) {
      say(this.#message, String(error), 'error');
    }
  }

  /** Shows a session state (from the API or from a session.* / raffle.drawn event). */
  show(session: Session): void {
    this.#session = session;
    const { text } = this.#dashboard.data;
    this.#status.dataset.active = String(session.active);
    this.#status.textContent = session.active
      ? fill(text.sessionActive, { draws: session.drawsDone })
      : session.stopReason
        ? `${text.sessionInactive} ${fill(text.sessionStopped, {
            reason: text.stopReasons[session.stopReason] ?? session.stopReason,
          })}`
        : text.sessionInactive;
    this.#form.hidden = session.active;
    this.#stop.hidden = !session.active;
    window.clearInterval(this.#timer);
    this.#tick();
    if (session.active) this.#timer = window.setInterval(() => this.#tick(), 250);
  }

  #tick(): void {
    const session = this.#session;
    if (!session?.active || !session.nextDrawAt) {
      this.#countdown.textContent = '';
      return;
    }
    const left = new Date(session.nextDrawAt).getTime() - Date.now();
    // A tick that did not draw (chance below 1) sends no event: look again once its time has passed.
    if (left < -1500 && Date.now() - this.#lastLook > 3000) {
      this.#lastLook = Date.now();
      void this.refresh();
    }
    const { text } = this.#dashboard.data;
    this.#countdown.textContent =
      left > 0 ? fill(text.nextDraw, { time: countdownText(left) }) : text.nextDrawNow;
  }
}
