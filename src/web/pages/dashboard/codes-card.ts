import { CODE_LIMITS } from '../../../contract/prizes.ts';
import { html, type SafeHtml } from '../../server/html.ts';
import type { DashboardMessages } from './messages/index.ts';

/**
 * The prizes' secret codes (SPEC §2.8): each prize's unused and total count, and a paste box that sends
 * them. Codes go one way: once saved, no page shows them again.
 */
export function codesCard(text: DashboardMessages): SafeHtml {
  const t = text.codes;
  return html`<section class="card" id="codes-card" aria-labelledby="codes-heading">
<h2 id="codes-heading">${t.heading}</h2>
<p class="muted">${t.help}</p>
<div class="table-scroll"><table id="code-table"><thead><tr><th>${t.prize}</th><th class="number">${t.unused}</th><th class="number">${t.total}</th></tr></thead>
<tbody id="code-rows"></tbody></table></div>
<p id="codes-none" class="muted" hidden>${text.client.codesNone}</p>
<form id="codes-form">
<label>${t.prize} <select id="codes-item" name="itemId" required></select></label>
<label for="codes-text">${t.label}</label>
<textarea id="codes-text" name="codes" rows="5" spellcheck="false" autocomplete="off" autocapitalize="off" placeholder="${t.placeholder}" aria-describedby="codes-count" data-max="${CODE_LIMITS.perCall}" required></textarea>
<p class="muted" id="codes-count" aria-live="polite"></p>
<p class="actions"><button type="submit" id="codes-save">${t.save}</button></p>
</form>
<p class="form-message" id="codes-message" role="alert"></p>
</section>`;
}
