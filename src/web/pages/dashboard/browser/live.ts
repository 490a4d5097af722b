// The channel's event stream (SSE, opened with the session cookie): draws, session changes and the
// Twitch connection arrive as they happen. EventSource reconnects by itself and sends Last-Event-ID.
import { EVENT_TYPES } from '../../../../contract/event-types.ts';
import { byId } from '../../../browser/dom.ts';
import type { Dashboard } from './context.ts';
import type { ChannelEvent } from './types.ts';

/** Opens the stream and hands every event to `onEvent`; the pill in the head says whether it is live. */
export function listenLive(dashboard: Dashboard, onEvent: (event: ChannelEvent) => void): EventSource {
  const pill = byId('live-status');
  const { text } = dashboard.data;
  const setLive = (live: boolean) => {
    pill.dataset.live = String(live);
    pill.textContent = live ? text.live : text.offline;
  };
  const source = new EventSource(`${dashboard.api.channelPath}/events`);
  source.addEventListener('open', () => setLive(true));
  source.addEventListener('error', () => setLive(false));
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (message) => {
      try {
        onEvent(JSON.parse((message as MessageEvent<string>).data) as ChannelEvent);
      } catch (error) {
        console.warn('an event could not be shown', error);
      }
    });
  }
  return source;
}
