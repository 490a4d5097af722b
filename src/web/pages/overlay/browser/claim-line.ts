// A claim window as the overlay words it (pure: no DOM, so test/web/claim-texts.test.ts runs it in Node).
import { countdownText } from '../../../browser/countdown.ts';
import { fill } from '../../../browser/dom.ts';

/** Where a slot's claim stands on the overlay: waiting, or how its window ended for this holder. */
export type ClaimLineState = 'waiting' | 'claimed' | 'unclaimed' | 'forfeited';

export interface ClaimLineTexts {
  readonly claimWaiting: string;
  readonly claimClaimed: string;
  readonly claimUnclaimed: string;
  readonly claimForfeited: string;
}

/** One holder's line: "aguardando @fulano…" with the time left, or the outcome. */
export function claimLine(
  slot: { readonly login: string; readonly state: ClaimLineState; readonly deadline: string | null },
  now: number,
  texts: ClaimLineTexts,
): { readonly text: string; readonly countdown: string | null } {
  const login = slot.login;
  switch (slot.state) {
    case 'waiting': {
      const left = slot.deadline ? Date.parse(slot.deadline) - now : 0;
      return { text: fill(texts.claimWaiting, { login }), countdown: countdownText(left) };
    }
    case 'claimed':
      return { text: fill(texts.claimClaimed, { login }), countdown: null };
    case 'unclaimed':
      return { text: fill(texts.claimUnclaimed, { login }), countdown: null };
    case 'forfeited':
      return { text: fill(texts.claimForfeited, { login }), countdown: null };
  }
}
