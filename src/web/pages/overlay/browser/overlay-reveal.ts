import { element, fill } from '../../../browser/dom.ts';

/** One winner to reveal. */
export interface Reveal {
  readonly login: string;
  readonly prize: string | null;
  /** The drand round the draw depends on (SPEC §4.1), mentioned small under the prize; null without one. */
  readonly round?: number | null;
  /** Called when the winner lands on screen (the claim line follows it). */
  readonly onRevealed?: () => void;
}

export interface RevealOptions {
  /** Names to spin through before the winner lands (may be empty). */
  readonly spinNames: readonly string[];
  readonly texts: { readonly winnerLabel: string; readonly wins: string; readonly revealRound: string };
  readonly reducedMotion: boolean;
  /** How long the winner stays on screen. */
  readonly holdMs: number;
}

// The spin slows down like a wheel: short frames first. It is kept under half a second in all, so the
// winner is on screen within a second of the draw (issue 5).
const SPIN_FRAMES_MS = [35, 35, 40, 45, 50, 60, 75, 90];
const LEAVE_MS = 600;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Plays one reveal on the stage: names spinning, then the winner and the prize, then a fade out. */
export async function playReveal(stage: HTMLElement, reveal: Reveal, options: RevealOptions): Promise<void> {
  const name = element('div', { class: 'name' });
  const card = element(
    'div',
    { class: 'reveal spinning', 'data-state': 'spinning' },
    element('div', { class: 'label' }, options.texts.winnerLabel),
    name,
  );
  stage.append(card);
  if (!options.reducedMotion && options.spinNames.length > 0) {
    for (const [index, frameMs] of SPIN_FRAMES_MS.entries()) {
      name.textContent = options.spinNames[index % options.spinNames.length] ?? '';
      await sleep(frameMs);
    }
  }
  name.textContent = reveal.login;
  if (reveal.prize !== null) {
    card.append(
      element(
        'div',
        { class: 'prize' },
        element('span', { class: 'wins' }, options.texts.wins),
        ' ',
        element('strong', {}, reveal.prize),
      ),
    );
  }
  if (reveal.round !== undefined && reveal.round !== null) {
    card.append(element('div', { class: 'round' }, fill(options.texts.revealRound, { round: reveal.round })));
  }
  card.className = 'reveal revealed';
  card.dataset.state = 'revealed';
  card.dataset.revealedAt = String(Date.now());
  reveal.onRevealed?.();
  await sleep(options.holdMs);
  card.className = 'reveal revealed leaving';
  card.dataset.state = 'leaving';
  await sleep(options.reducedMotion ? 200 : LEAVE_MS);
  card.remove();
}
