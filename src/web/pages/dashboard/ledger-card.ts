import { html, type SafeHtml } from '../../server/html.ts';
import type { DashboardMessages } from './messages/index.ts';

/** The prize ledger (SPEC §2.8): every unit given, newest first, and its CSV export. */
export function ledgerCard(text: DashboardMessages, login: string): SafeHtml {
  const t = text.ledger;
  const csv = `/api/v1/channels/${encodeURIComponent(login)}/prizes-given?format=csv`;
  return html`<section class="card wide" id="ledger-card" aria-labelledby="ledger-heading">
<div class="card-title"><h2 id="ledger-heading">${t.heading}</h2>
<a class="button secondary" id="ledger-csv" href="${csv}" download>${t.export}</a></div>
<p class="muted">${t.help}</p>
<div class="table-scroll"><table id="ledger-table"><thead><tr><th>${t.raffle}</th><th class="number">${t.position}</th><th>${t.winner}</th><th>${t.prize}</th><th>${t.state}</th><th>${t.wonAt}</th></tr></thead>
<tbody id="ledger-rows"></tbody></table></div>
<p id="ledger-empty" class="muted" hidden>${text.client.ledgerEmpty}</p>
<p><button type="button" class="secondary" id="ledger-more" hidden>${t.more}</button></p>
<p class="form-message" id="ledger-message" role="alert"></p>
</section>`;
}
