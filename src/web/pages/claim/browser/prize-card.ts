// One prize the viewer won, as a card: what, where, when, where it stands in plain words, its code.
import type { ViewerPrize } from '../../../../contract/prizes.ts';
import { countdownText } from '../../../browser/countdown.ts';
import { element, fill } from '../../../browser/dom.ts';
import type { ViewerApi } from '../../../browser/viewer-api.ts';
import type { ClaimPageData } from '../claim-page-data.ts';
import { codeBox } from './code-box.ts';

function time(iso: string, language: string, style: 'short' | 'medium' = 'short'): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: style }).format(new Date(iso));
}

/** The sentence that says where a prize stands and what, if anything, the viewer has to do. */
export function stateSentence(prize: ViewerPrize, data: ClaimPageData): string {
  const text = data.text;
  const channel = prize.channelDisplayName;
  switch (prize.state) {
    case 'awaiting_claim':
      return prize.claimWord && prize.deadline
        ? fill(text.awaiting, {
            word: prize.claimWord,
            channel,
            time: new Intl.DateTimeFormat(data.language, { timeStyle: 'medium' }).format(
              new Date(prize.deadline),
            ),
          })
        : fill(text.awaitingPlain, { channel });
    case 'claimed':
      return prize.hasCode ? text.claimedWithCode : fill(text.claimedNoCode, { channel });
    case 'delivered':
      return prize.hasCode ? text.deliveredWithCode : text.deliveredNoCode;
    case 'forfeited':
      return text.forfeited;
  }
}

/** The time left of a running claim window, kept up to date by `tickCountdowns`. */
function countdown(prize: ViewerPrize, data: ClaimPageData): HTMLElement | null {
  if (prize.state !== 'awaiting_claim' || !prize.deadline) return null;
  const node = element('p', { class: 'countdown', 'data-deadline': prize.deadline });
  showTimeLeft(node, data);
  return node;
}

/** Writes the time left into a countdown element; false once its deadline has passed. */
export function showTimeLeft(node: HTMLElement, data: ClaimPageData): boolean {
  const left = Date.parse(node.dataset.deadline ?? '') - Date.now();
  node.textContent =
    left > 0 ? fill(data.text.awaitingLeft, { left: countdownText(left) }) : data.text.awaitingOver;
  return left > 0;
}

function setState(card: HTMLElement, prize: ViewerPrize, data: ClaimPageData): void {
  card.dataset.state = prize.state;
  const badge = card.querySelector<HTMLElement>('.badge');
  if (badge) {
    badge.className = `badge state-${prize.state}`;
    badge.textContent = data.text.badges[prize.state] ?? prize.state;
  }
  const sentence = card.querySelector<HTMLElement>('.prize-state');
  if (sentence) sentence.textContent = stateSentence(prize, data);
}

/** The card of one prize; a coded one that is claimed or delivered gets "Mostrar código". */
export function prizeCard(prize: ViewerPrize, api: ViewerApi, data: ClaimPageData): HTMLLIElement {
  const text = data.text;
  const card = element(
    'li',
    { class: 'card prize', 'data-raffle': String(prize.raffleId), 'data-position': String(prize.position) },
    element(
      'div',
      { class: 'prize-top' },
      element('h3', { class: 'prize-name' }, prize.itemName),
      element('span', { class: 'badge' }),
    ),
    element(
      'p',
      { class: 'muted prize-where' },
      fill(text.wonIn, { channel: prize.channelDisplayName, time: time(prize.wonAt, data.language) }),
    ),
    element('p', { class: 'prize-state' }),
    countdown(prize, data),
    prize.state === 'awaiting_claim' && prize.hasCode
      ? element('p', { class: 'muted code-later' }, text.codeAfterClaim)
      : null,
  );
  setState(card, prize, data);
  if (prize.hasCode && (prize.state === 'claimed' || prize.state === 'delivered')) {
    const path = `/api/v1/viewer/prizes/${prize.raffleId}/${prize.position}/reveal`;
    card.append(codeBox(path, api, data, () => setState(card, { ...prize, state: 'delivered' }, data)));
  }
  card.append(element('p', { class: 'proof-link' }, element('a', { href: prize.proofPageUrl }, text.proof)));
  return card;
}
