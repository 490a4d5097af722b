import type { Channel } from '../../../channels/channel-repository.ts';
import type { VoidReason } from '../../../contract/raffles.ts';
import type { BeaconChain } from '../../../raffles/beacon.ts';
import type { RaffleResult } from '../../../raffles/raffle-result.ts';
import type { WebAssets } from '../../server/assets.ts';
import { html, jsonScript, type SafeHtml, trustedHtml } from '../../server/html.ts';
import type { Language } from '../../server/language.ts';
import { page } from '../../server/layout.ts';
import { type ProofMessages, proofMessages } from './messages/index.ts';
import type { ProofPageData } from './proof-page-data.ts';

type ProofText = ProofMessages;

/** Void reasons of a raffle that was never drawn: its seed is never revealed (SPEC §4, §4.1). */
const NEVER_DRAWN: ReadonlySet<string> = new Set<VoidReason>(['interrupted', 'beacon_unavailable']);

const formatTime = (iso: string, language: Language) =>
  `${new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(iso),
  )} UTC`;

function facts(raffle: RaffleResult, channel: Channel, language: Language, text: ProofText): SafeHtml {
  const number = (value: number | null) => (value === null ? '—' : value.toLocaleString(language));
  const when = raffle.drawnAt
    ? html`<dt>${text.drawnAt}</dt><dd><time datetime="${raffle.drawnAt}">${formatTime(raffle.drawnAt, language)}</time></dd>`
    : html`<dt>${text.createdAt}</dt><dd><time datetime="${raffle.createdAt}">${formatTime(raffle.createdAt, language)}</time></dd>`;
  return html`<dl class="facts">
<dt>${text.channel}</dt><dd>${channel.login}</dd>${when}
<dt>${text.eligible}</dt><dd data-testid="eligible-count">${number(raffle.eligibleCount)}</dd>
<dt>${text.excludedCount}</dt><dd>${number(raffle.excludedCount)}</dd>
</dl>`;
}

function winnersTable(raffle: RaffleResult, language: Language, text: ProofText): SafeHtml {
  if (raffle.status === 'void') {
    // A draw void without its drand round (SPEC §4.1) names the round it waited for.
    const round =
      raffle.beacon && raffle.reason === 'beacon_unavailable'
        ? html`<p id="void-round">${text.voidRound(raffle.beacon.round, formatTime(raffle.beacon.roundAt, language))}</p>`
        : '';
    return html`<section class="card notice-inline" data-status="void" data-reason="${raffle.reason ?? ''}"><h2>${
      text.voidHeading
    }</h2><p>${text.voidReasons[raffle.reason ?? ''] ?? raffle.reason}</p>${round}</section>`;
  }
  const rows = raffle.winners.map(
    (winner) =>
      html`<tr><td class="number">${winner.position}</td><td class="login">${winner.login}</td><td>${
        winner.itemName ?? text.noPrize
      }</td></tr>`,
  );
  return html`<section class="card" id="winners"><h2>${text.winners}</h2>
<table><thead><tr><th class="number">${text.position}</th><th>${text.viewer}</th><th>${text.prize}</th></tr></thead>
<tbody>${rows}</tbody></table>
<div id="replaced"></div></section>`;
}

/**
 * What a raffle not drawn yet says: with public randomness (SPEC §4.1) its list is frozen and it waits
 * for a drand round, so the page says which and when; else it is only committed.
 */
function pendingNotice(raffle: RaffleResult, language: Language, text: ProofText): SafeHtml {
  const { beacon, snapshotAt } = raffle;
  if (!beacon) {
    return html`<section class="card notice-inline" data-status="pending"><h2>${text.pendingHeading}</h2><p>${text.pendingBody}</p></section>`;
  }
  const roundAt = formatTime(beacon.roundAt, language);
  const late = Date.parse(beacon.roundAt) <= Date.now();
  const frozen = snapshotAt ? html`<p>${text.waitingFrozen(formatTime(snapshotAt, language))}</p>` : '';
  return html`<section class="card notice-inline" data-status="pending" data-round="${beacon.round}"><h2>${text.waitingHeading(
    beacon.round,
  )}</h2>${frozen}<p id="waiting-round">${
    late ? text.waitingLate(beacon.round, roundAt) : text.waitingRound(beacon.round, roundAt)
  }</p></section>`;
}

/**
 * A raffle waiting for its drand round reloads itself a few seconds after the round's time (at most
 * every 30 s), without a script: the draw follows the round within seconds, or is void 2 minutes later.
 */
function reloadWhileWaiting(raffle: RaffleResult): SafeHtml | undefined {
  if (raffle.status !== 'pending' || !raffle.beacon) return undefined;
  const untilRound = Math.ceil((Date.parse(raffle.beacon.roundAt) - Date.now()) / 1000);
  const seconds = Math.min(30, Math.max(3, untilRound + 3));
  return html`<meta http-equiv="refresh" content="${seconds}">`;
}

function verifyBox(raffle: RaffleResult, text: ProofText): SafeHtml {
  return html`<section class="card verify" id="verify"><h2>${text.verifyHeading}</h2>
<p>${text.verifyIntro}</p>
<p><button type="button" id="verify-button" disabled>${text.verifyButton}</button></p>
<div id="verify-result" role="status" aria-live="polite"></div>
<p class="muted">${text.verifyCli} <code>npx kinoyu verify ${raffle.raffleId}</code></p></section>`;
}

/** Where the script explains the drand round of a §4.1 draw; stays hidden for a draw without one. */
function beaconBox(): SafeHtml {
  return html`<section class="card beacon" id="beacon" hidden></section>`;
}

function explanation(raffle: RaffleResult, text: ProofText): SafeHtml {
  const value = (label: string, hex: string | null, id: string) =>
    hex ? html`<p class="value"><span>${label}</span> <code id="${id}">${hex}</code></p>` : '';
  return html`<section class="card how"><h2>${text.howHeading}</h2><ol>
<li>${trustedHtml(text.steps.commitment)}${value(text.commitment, raffle.commitment, 'commitment')}</li>
<li>${trustedHtml(text.steps.frozen)}${value(text.entrantsDigest, raffle.entrantsDigest, 'entrants-digest')}</li>
<li>${trustedHtml(text.steps.revealed)}${value(text.seed, raffle.seed, 'seed')}</li>
<li>${trustedHtml(text.steps.keys)}</li>
<li>${trustedHtml(text.steps.prizes)}</li>
</ol></section>`;
}

function lists(raffle: RaffleResult, text: ProofText, proofUrl: string): SafeHtml {
  return html`<section class="card" id="prizes" hidden><h2>${text.prizes}</h2><div class="list"></div></section>
<section class="card" id="entrants"><h2>${text.entrants}</h2>
<p><a href="${proofUrl}" download="kinoyu-proof-${raffle.raffleId}.json">${text.downloadJson}</a></p>
<div class="list" id="entrant-list"><p class="muted">${text.client.loading}</p></div></section>
<section class="card" id="excluded"><h2>${text.excluded}</h2><div class="list"></div></section>`;
}

/**
 * The public proof page of a drawn (or void) raffle: facts, winners, the check, the explanation, the lists.
 * The beacon round of a §4.1 draw is explained by the page's script, from the proof it loads.
 */
export function proofPage(options: {
  language: Language;
  assets: WebAssets;
  requestUrl: string;
  raffle: RaffleResult;
  channel: Channel;
  /** The drand chain this server draws with, if it has one (see ProofPageData.serverChain). */
  serverChain?: BeaconChain | undefined;
}): string {
  const { language, raffle } = options;
  const text = proofMessages[language];
  const proofUrl = `/api/v1/raffles/${raffle.raffleId}/proof`;
  const headings = {
    login: text.viewer,
    userId: text.userId,
    weight: text.weight,
    prize: text.prize,
    quantity: text.quantity,
    chance: text.chance,
    reason: text.reason,
    replaced: text.replaced,
  };
  const data: ProofPageData = {
    raffleId: raffle.raffleId,
    proofUrl,
    language,
    text: text.client,
    headings,
    ...(options.serverChain ? { serverChain: options.serverChain } : {}),
  };
  const pending = raffle.status === 'pending';
  // Not drawn and never to be: its proof shows the commitment only (src/raffles/proof-repository.ts), so
  // there is nothing to list or check, only why.
  const neverDrawn = raffle.status === 'void' && NEVER_DRAWN.has(raffle.reason ?? '');
  const unrevealed = pending || neverDrawn;
  const body = html`<h1>${text.heading(raffle.raffleId)}</h1>
${facts(raffle, options.channel, language, text)}
${
  unrevealed
    ? html`${pending ? pendingNotice(raffle, language, text) : winnersTable(raffle, language, text)}${explanation(raffle, text)}`
    : html`${winnersTable(raffle, language, text)}${verifyBox(raffle, text)}${beaconBox()}${explanation(raffle, text)}${lists(raffle, text, proofUrl)}`
}`;
  return page({
    language,
    assets: options.assets,
    requestUrl: options.requestUrl,
    title: text.title(raffle.raffleId),
    body,
    head: unrevealed ? reloadWhileWaiting(raffle) : jsonScript('page-data', data),
    scripts: unrevealed ? [] : ['proof.js'],
    bodyClass: 'proof-page',
  });
}
