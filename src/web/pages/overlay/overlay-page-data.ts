import type { OverlayMessages } from './messages/pt-BR.ts';

/** What the overlay page hands its script: the event stream to follow and the texts. */
export interface OverlayPageData {
  /** The channel's event stream, key included (`/api/v1/channels/{login}/events?key=…`). */
  readonly eventsUrl: string;
  /** Plays fake reveals in a loop, for placing the overlay in OBS. */
  readonly demo: boolean;
  readonly text: Omit<OverlayMessages, 'forbiddenTitle' | 'forbiddenHeading' | 'forbiddenBody'>;
}
