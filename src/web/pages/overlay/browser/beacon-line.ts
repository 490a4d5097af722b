// A draw waiting for its drand round (SPEC §4.1) as the overlay words it (pure: no DOM, so
// test/web/beacon-texts.test.ts runs it in Node).
import { countdownText } from '../../../browser/countdown.ts';
import { fill } from '../../../browser/dom.ts';

/** Where a public-randomness draw stands on the overlay: waiting for its round, or void without it. */
export type BeaconLineState = 'waiting' | 'voided';

export interface BeaconLineTexts {
  readonly beaconWaiting: string;
  readonly beaconVoided: string;
}

/** "aguardando a rodada N do drand…" with the time left until the draw (its round, or a later due time), or the void notice. */
export function beaconLine(
  draw: { readonly round: number; readonly drawAt: string; readonly state: BeaconLineState },
  now: number,
  texts: BeaconLineTexts,
): { readonly text: string; readonly countdown: string | null } {
  if (draw.state === 'voided') return { text: texts.beaconVoided, countdown: null };
  const left = Date.parse(draw.drawAt) - now;
  // Once that time has passed the draw follows within a second or two: no "0 s" left standing.
  return {
    text: fill(texts.beaconWaiting, { round: draw.round }),
    countdown: left > 0 ? countdownText(left) : null,
  };
}
