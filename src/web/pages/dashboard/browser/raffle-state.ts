// Where a raffle stands beside its winners, in the streamer's words (pure: no DOM, so
// test/web/claim-texts.test.ts runs it in Node): waiting for its drand round (SPEC §4.1), drawn with
// one, or void and why.
import type { RaffleView } from '../../../../contract/raffle.ts';
import { countdownText } from '../../../browser/countdown.ts';
import { fill } from '../../../browser/dom.ts';

export interface RaffleStateTexts {
  readonly raffleWaitingRound: string;
  readonly raffleWaitingRoundLate: string;
  readonly rafflePending: string;
  readonly raffleRound: string;
  readonly raffleVoid: string;
  readonly voidReasons: Readonly<Record<string, string>>;
}

/** `waiting`: pending, its round still to come; `drawn` with a round; `void`; `pending` without a round. */
export type RaffleStatePhase = 'waiting' | 'pending' | 'drawn' | 'void';

/**
 * When a raffle waiting for its round is drawn: at the round's time, or at its session tick's due time
 * when that is later (a tick's list is frozen a few seconds ahead, SPEC §4.1).
 */
export function expectedDrawAt(raffle: Pick<RaffleView, 'beacon' | 'dueAt'>): number {
  const roundAt = raffle.beacon ? Date.parse(raffle.beacon.roundAt) : Number.NaN;
  const dueAt = raffle.dueAt ? Date.parse(raffle.dueAt) : Number.NaN;
  return Number.isNaN(dueAt) ? roundAt : Math.max(roundAt, dueAt);
}

/** The sentence for a raffle's state at `now`, or null for a drawn raffle without a round (nothing to add). */
export function raffleState(
  raffle: Pick<RaffleView, 'status' | 'reason' | 'beacon' | 'dueAt'>,
  now: number,
  texts: RaffleStateTexts,
): { readonly phase: RaffleStatePhase; readonly text: string } | null {
  const { beacon } = raffle;
  switch (raffle.status) {
    case 'pending': {
      if (!beacon) return { phase: 'pending', text: texts.rafflePending };
      const left = expectedDrawAt(raffle) - now;
      // Past the round's time the draw comes as soon as a relay has the round (or the raffle goes void).
      const template = left > 0 ? texts.raffleWaitingRound : texts.raffleWaitingRoundLate;
      return {
        phase: 'waiting',
        text: fill(template, { round: beacon.round, time: countdownText(left) }),
      };
    }
    case 'drawn':
      return beacon ? { phase: 'drawn', text: fill(texts.raffleRound, { round: beacon.round }) } : null;
    case 'void': {
      const reason = raffle.reason ?? '';
      return { phase: 'void', text: fill(texts.raffleVoid, { reason: texts.voidReasons[reason] ?? reason }) };
    }
  }
}
