// What the draw result and the history show of a raffle: its winners, its proof link and its state line
// (waiting for a drand round with a countdown, drawn with a round, void and why).
import { element } from '../../../browser/dom.ts';
import type { Dashboard } from './context.ts';
import { raffleState } from './raffle-state.ts';
import type { Raffle } from './types.ts';

/** The winners of a raffle, each with an optional control (the draw result's "Sortear de novo"). */
export function winnersList(
  dashboard: Dashboard,
  raffle: Raffle,
  extra: (winner: Raffle['winners'][number]) => Node | null = () => null,
): HTMLElement {
  const { text } = dashboard.data;
  if (raffle.winners.length === 0) return element('p', { class: 'muted' }, text.noWinners);
  return element(
    'ul',
    { class: 'winners' },
    ...raffle.winners.map((winner) =>
      element(
        'li',
        {},
        element('strong', { class: 'login' }, winner.login),
        ' — ',
        winner.itemName ?? element('span', { class: 'muted' }, text.noPrize),
        winner.claim
          ? element(
              'span',
              { class: 'claim-badge', 'data-state': winner.claim.state },
              text.claimBadges[winner.claim.state] ?? winner.claim.state,
            )
          : null,
        extra(winner),
      ),
    ),
  );
}

/** The link to the raffle's public proof page. */
export function proofLink(dashboard: Dashboard, raffle: Raffle): HTMLAnchorElement {
  // The proof page's own path: the same server, whatever PUBLIC_URL says.
  return element('a', { href: `/r/${raffle.raffleId}`, class: 'proof-link' }, dashboard.data.text.proof);
}

/** The raffle's state line, or null when a drawn raffle has nothing to add (no drand round). */
export function stateLine(dashboard: Dashboard, raffle: Raffle): HTMLElement | null {
  const state = raffleState(raffle, Date.now(), dashboard.data.text);
  if (!state) return null;
  const line = element('p', { class: 'raffle-state', 'data-phase': state.phase }, state.text);
  // A waiting line counts down: `tickStateLines` rewrites it from these.
  if (state.phase === 'waiting' && raffle.beacon) {
    line.dataset.round = String(raffle.beacon.round);
    line.dataset.roundAt = raffle.beacon.roundAt;
    line.dataset.dueAt = raffle.dueAt ?? '';
  }
  return line;
}

/** The winners of a drawn raffle, or its state alone while pending or once void. */
export function raffleBody(
  dashboard: Dashboard,
  raffle: Raffle,
  extra?: (winner: Raffle['winners'][number]) => Node | null,
): HTMLElement[] {
  const state = stateLine(dashboard, raffle);
  const parts = raffle.status === 'drawn' ? [winnersList(dashboard, raffle, extra), state] : [state];
  return parts.filter((part): part is HTMLElement => part !== null);
}

/** Moves the countdown of every waiting line under `root` (called every 250 ms). */
export function tickStateLines(dashboard: Dashboard, root: HTMLElement): void {
  for (const line of root.querySelectorAll<HTMLElement>('.raffle-state[data-round-at]')) {
    const beacon = { chainHash: '', round: Number(line.dataset.round), roundAt: line.dataset.roundAt ?? '' };
    const pending = {
      status: 'pending' as const,
      reason: null,
      beacon: { ...beacon, randomness: null },
      dueAt: line.dataset.dueAt || null,
    };
    const text = raffleState(pending, Date.now(), dashboard.data.text)?.text ?? '';
    if (line.textContent !== text) line.textContent = text;
  }
}
