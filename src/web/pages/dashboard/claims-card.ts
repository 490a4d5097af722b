import { html, type SafeHtml } from '../../server/html.ts';
import type { DashboardMessages } from './messages/index.ts';

/** The claim windows of recent draws (SPEC §2.6); the script fills and counts them down. */
export function claimsCard(text: DashboardMessages): SafeHtml {
  return html`<section class="card" id="claims-card" aria-labelledby="claims-heading">
<h2 id="claims-heading">${text.claims.heading}</h2>
<p class="muted">${text.claims.help}</p>
<ul id="claim-list" class="claim-list"></ul>
<p id="claims-empty" class="muted">${text.client.claimsEmpty}</p>
</section>`;
}
