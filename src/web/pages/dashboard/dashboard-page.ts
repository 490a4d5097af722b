import type { Channel } from '../../../channels/channel-repository.ts';
import type { WebAssets } from '../../server/assets.ts';
import { html, jsonScript, type SafeHtml, trustedHtml } from '../../server/html.ts';
import type { Language } from '../../server/language.ts';
import { page } from '../../server/layout.ts';
import { claimsCard } from './claims-card.ts';
import { codesCard } from './codes-card.ts';
import type { DashboardPageData } from './dashboard-page-data.ts';
import { entriesCard } from './entries-card.ts';
import { ledgerCard } from './ledger-card.ts';
import { type DashboardMessages, dashboardMessages } from './messages/index.ts';
import { rulesCard } from './rules-card.ts';

type Text = DashboardMessages;

function head(channel: Channel, text: Text, loginUrl: string): SafeHtml {
  const state = channel.connectionState;
  const needsReconnect = state === 'reconnect_needed' || state === 'disconnected';
  return html`<header class="dash-head card">
<div class="who"><h1>${channel.displayName}</h1>
<p><span class="muted">${text.header.connection}:</span> <span id="connection-state" class="state state-${state}" data-state="${state}">${
    text.header.states[state] ?? state
  }</span> <span id="live-status" class="live-pill" data-live="false">${text.client.offline}</span></p>
<p id="reconnect-box" ${needsReconnect ? '' : trustedHtml('hidden')}><span class="muted">${text.header.reconnectHelp}</span>
<a class="button" id="reconnect" href="${loginUrl}?reconnect=1">${text.header.reconnect}</a></p></div>
<button type="button" class="secondary" id="logout">${text.header.logout}</button>
</header>`;
}

function sessionCard(text: Text): SafeHtml {
  return html`<section class="card" id="session-card" aria-labelledby="session-heading">
<h2 id="session-heading">${text.session.heading}</h2>
<p class="muted">${text.session.help}</p>
<p id="session-status" role="status" aria-live="polite">${text.client.loading}</p>
<p id="countdown" class="countdown" aria-live="off"></p>
<form id="session-form" class="inline-form">
<label>${text.session.interval} <input type="number" name="intervalSeconds" min="1" max="86400" step="1" required></label>
<label>${text.session.chance} <input type="number" name="chance" min="0.0001" max="1" step="0.0001" required></label>
<label>${text.session.maxDraws} <input type="number" name="maxDraws" min="1" max="100000" step="1"></label>
<button type="submit" id="session-start">${text.session.start}</button>
</form>
<p><button type="button" id="session-stop" class="danger" hidden>${text.session.stop}</button></p>
<p class="form-message" id="session-message" role="alert"></p>
</section>`;
}

function drawCard(text: Text): SafeHtml {
  return html`<section class="card" id="draw-card" aria-labelledby="draw-heading">
<h2 id="draw-heading">${text.draw.heading}</h2>
<form id="draw-form" class="inline-form">
<label>${text.draw.winners} <input type="number" name="winners" min="1" max="100" step="1" value="1" required></label>
<button type="submit">${text.draw.button}</button>
</form>
<p class="form-message" id="draw-message" role="alert"></p>
<div id="draw-result" aria-live="polite"></div>
</section>`;
}

function prizesCard(text: Text): SafeHtml {
  const t = text.prizes;
  return html`<section class="card double" id="prizes-card" aria-labelledby="prizes-heading">
<h2 id="prizes-heading">${t.heading}</h2>
<p class="muted">${t.help}</p>
<div class="table-scroll"><table id="prize-table"><thead><tr><th>${t.name}</th><th class="number">${t.weight}</th><th class="number">${t.quantity}</th><th class="number">${t.chance}</th><th><span class="visually-hidden">${t.actions}</span></th></tr></thead>
<tbody id="prize-rows"></tbody></table></div>
<p id="prizes-empty" class="muted" hidden>${text.client.noPrizes}</p>
<form id="prize-form" class="inline-form">
<label>${t.name} <input type="text" name="name" maxlength="100" required></label>
<label>${t.weight} <input type="number" name="weight" min="1" max="1000000" step="1" value="10" required></label>
<label>${t.quantity} <input type="number" name="quantity" min="0" max="1000000" step="1" value="1"></label>
<button type="submit">${t.add}</button>
</form>
<form id="paste-form">
<label for="paste-text">${t.pasteLabel}</label>
<p class="muted" id="paste-help">${trustedHtml(t.pasteHelp)}</p>
<textarea id="paste-text" name="text" rows="2" maxlength="10000" placeholder="${t.pastePlaceholder}" aria-describedby="paste-help" required></textarea>
<p class="actions"><button type="submit">${t.pasteButton}</button> <button type="button" class="secondary" id="prizes-clear">${t.clear}</button></p>
</form>
<p class="form-message" id="prizes-message" role="alert"></p>
</section>`;
}

function oddsCard(text: Text): SafeHtml {
  return html`<section class="card" id="odds-card" aria-labelledby="odds-heading">
<h2 id="odds-heading">${text.odds.heading}</h2>
<p class="muted">${text.odds.help}</p>
<p id="chatters-summary" role="status">${text.client.loading}</p>
<table id="group-odds"><thead><tr><th>${text.client.group}</th><th class="number">${text.client.multiplier}</th><th class="number">${text.client.groupChance}</th></tr></thead><tbody></tbody></table>
<h3>${text.client.prizeOdds}</h3>
<ul id="prize-odds" class="bars"></ul>
<p><button type="button" class="secondary" id="odds-refresh">${text.odds.refresh}</button></p>
</section>`;
}

function historyCard(text: Text): SafeHtml {
  return html`<section class="card wide" id="history-card" aria-labelledby="history-heading">
<h2 id="history-heading">${text.history.heading}</h2>
<ol id="history" class="history"></ol>
<p id="history-empty" class="muted" hidden>${text.client.historyEmpty}</p>
<p><button type="button" class="secondary" id="history-more" hidden>${text.history.more}</button></p>
</section>`;
}

function overlayCard(text: Text): SafeHtml {
  return html`<section class="card" id="overlay-card" aria-labelledby="overlay-heading">
<h2 id="overlay-heading">${text.overlay.heading}</h2>
<p class="muted">${text.overlay.help}</p>
<label for="overlay-url">${text.overlay.label}</label>
<div class="copy-row"><input type="text" id="overlay-url" readonly value="">
<button type="button" class="secondary" id="overlay-copy">${text.overlay.copy}</button></div>
<p><button type="button" class="secondary" id="overlay-regenerate">${text.overlay.regenerate}</button></p>
<p class="form-message" id="overlay-message" role="status"></p>
</section>`;
}

function discordCard(text: Text): SafeHtml {
  return html`<section class="card" id="discord-card" aria-labelledby="discord-heading">
<h2 id="discord-heading">${text.discord.heading}</h2>
<div id="discord-links"><p class="muted">${text.client.loading}</p></div>
<template id="discord-none"><p class="muted">${trustedHtml(text.discord.none)}</p></template>
</section>`;
}

/** The streamer's dashboard for their own channel; the script fills it from the API and keeps it live. */
export function dashboardPage(options: {
  language: Language;
  assets: WebAssets;
  requestUrl: string;
  channel: Channel;
  csrfToken: string;
  loginUrl: string;
}): string {
  const { language, channel } = options;
  const text = dashboardMessages[language];
  const data: DashboardPageData = {
    login: channel.login,
    csrfToken: options.csrfToken,
    language,
    text: text.client,
    connectionStates: text.header.states,
  };
  const body = html`<div class="dashboard" data-page="dashboard">
${head(channel, text, options.loginUrl)}
<div id="toast" class="toast" role="status" aria-live="polite"></div>
<div class="dash-grid">
${sessionCard(text)}${drawCard(text)}${claimsCard(text)}${entriesCard(text)}${oddsCard(text)}${prizesCard(text)}${codesCard(text)}${overlayCard(text)}${discordCard(text)}${historyCard(text)}${ledgerCard(text, channel.login)}${rulesCard(text)}
</div></div>`;
  return page({
    language,
    assets: options.assets,
    requestUrl: options.requestUrl,
    title: `${text.title} · ${channel.displayName}`,
    body,
    head: html`<meta name="csrf-token" content="${options.csrfToken}">${jsonScript('page-data', data)}`,
    styles: ['web.css', 'dashboard.css'],
    scripts: ['dashboard.js'],
    bodyClass: 'dashboard-page',
  });
}
