// What happened to each slot of a draw, in plain words, from the proof (SPEC §2.6, §4): the holders a
// redraw replaced (in the order of the redraws, with why), then the current holder and their claim —
// "#1 skin dourada: @a não resgatou a tempo → @b resgatou às 20:15:21". Pure (no DOM): unit-tested in
// test/web/claim-texts.test.ts.
import type { Proof } from '../../../../raffles/proof.ts';
import { fill } from '../../../browser/dom.ts';

export interface SlotStoryTexts {
  readonly storySlot: string;
  readonly storySlotNoPrize: string;
  readonly storyUnclaimed: string;
  readonly storyReroll: string;
  readonly storyReplaced: string;
  readonly storyHolder: string;
  readonly storyClaimed: string;
  readonly storyAwaiting: string;
  readonly storyForfeited: string;
}

/** One slot's story: its title ("#1 skin dourada:") and each holder's step, oldest first. */
export interface SlotStory {
  readonly position: number;
  readonly title: string;
  readonly steps: readonly string[];
}

type Winner = Proof['winners'][number];

function holderStep(winner: Winner, texts: SlotStoryTexts, formatTime: (iso: string) => string): string {
  const login = winner.login;
  const claim = winner.claim;
  if (!claim) return fill(texts.storyHolder, { login });
  switch (claim.state) {
    case 'claimed':
      return fill(texts.storyClaimed, { login, time: claim.claimedAt ? formatTime(claim.claimedAt) : '?' });
    case 'awaiting_claim':
      return fill(texts.storyAwaiting, { login, time: claim.deadline ? formatTime(claim.deadline) : '?' });
    case 'forfeited':
      return fill(texts.storyForfeited, { login });
  }
}

/**
 * The stories of the slots that have one: a claim window, or an earlier holder. A proof without claims
 * or redraws (or made before claims existed and never redrawn) has none.
 */
export function slotStories(
  proof: Pick<Proof, 'winners' | 'replaced'>,
  texts: SlotStoryTexts,
  formatTime: (iso: string) => string,
): SlotStory[] {
  const stories: SlotStory[] = [];
  for (const winner of [...proof.winners].sort((a, b) => a.position - b.position)) {
    const earlier = proof.replaced.filter((holder) => holder.position === winner.position);
    if (!winner.claim && earlier.length === 0) continue;
    const steps = earlier.map((holder) => {
      const template =
        holder.reason === 'unclaimed'
          ? texts.storyUnclaimed
          : holder.reason === 'reroll'
            ? texts.storyReroll
            : texts.storyReplaced;
      return fill(template, { login: holder.login });
    });
    steps.push(holderStep(winner, texts, formatTime));
    const title = winner.itemName
      ? fill(texts.storySlot, { position: winner.position, prize: winner.itemName })
      : fill(texts.storySlotNoPrize, { position: winner.position });
    stories.push({ position: winner.position, title, steps });
  }
  return stories;
}
