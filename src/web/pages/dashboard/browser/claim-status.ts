// A claim window in the streamer's words (pure: no DOM, so test/web/claim-texts.test.ts runs it in Node).
import type { Claim } from '../../../../contract/raffle.ts';
import { countdownText } from '../../../browser/countdown.ts';
import { fill } from '../../../browser/dom.ts';

/** The catalogue texts a claim status is written with. */
export interface ClaimStatusTexts {
  readonly claimAwaiting: string;
  readonly claimDeadlinePassed: string;
  readonly claimClaimed: string;
  readonly claimForfeited: string;
  readonly claimFirstMessage: string;
  readonly claimNoMessage: string;
}

/** Where a claim window stands at a moment: `late` is an awaiting one past its deadline (a redraw is coming). */
export type ClaimPhase = 'awaiting' | 'late' | 'claimed' | 'forfeited';

/** A slot's claim at `now`: its phase and the sentence for it (with the countdown while it runs). */
export function claimStatus(
  claim: NonNullable<Claim>,
  now: number,
  texts: ClaimStatusTexts,
  formatTime: (iso: string) => string,
): { readonly phase: ClaimPhase; readonly text: string } {
  if (claim.state === 'claimed') {
    const time = claim.claimedAt ? formatTime(claim.claimedAt) : '';
    return { phase: 'claimed', text: fill(texts.claimClaimed, { time }).trim() };
  }
  if (claim.state === 'forfeited') return { phase: 'forfeited', text: texts.claimForfeited };
  const left = claim.deadline ? Date.parse(claim.deadline) - now : 0;
  if (left <= 0) return { phase: 'late', text: texts.claimDeadlinePassed };
  return { phase: 'awaiting', text: fill(texts.claimAwaiting, { time: countdownText(left) }) };
}

/** What the holder said first in chat since the draw, so moderators see they are there. */
export function firstMessageText(
  claim: NonNullable<Claim>,
  texts: ClaimStatusTexts,
  formatTime: (iso: string) => string,
): string {
  if (claim.firstMessage === null) return texts.claimNoMessage;
  return fill(texts.claimFirstMessage, {
    message: claim.firstMessage,
    time: claim.firstMessageAt ? formatTime(claim.firstMessageAt) : '',
  });
}
