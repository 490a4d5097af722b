import { html, type SafeHtml } from '../../server/html.ts';
import type { DashboardMessages } from './messages/index.ts';

/** The entry window by keyword (SPEC §2.7); the script fills it from `GET …/entries` and entries.* events. */
export function entriesCard(text: DashboardMessages): SafeHtml {
  const t = text.entries;
  return html`<section class="card" id="entries-card" aria-labelledby="entries-heading">
<h2 id="entries-heading">${t.heading}</h2>
<p class="muted">${t.help}</p>
<p class="note" id="entries-mode-note" hidden>${t.modeNote}</p>
<p id="entries-status" role="status" aria-live="polite" data-open="false">${text.client.loading}</p>
<p id="entries-counts" class="entries-counts" aria-live="polite"></p>
<form id="entries-open-form" class="inline-form">
<label>${t.keyword} <input type="text" id="entries-keyword" name="keyword" maxlength="50"></label>
<button type="submit" id="entries-open">${t.open}</button>
</form>
<p><button type="button" id="entries-close" class="danger" hidden>${t.close}</button></p>
<p class="form-message" id="entries-message" role="alert"></p>
<h3>${t.entrants}</h3><ul id="entries-entrants" class="entry-list"></ul>
<h3>${t.refused}</h3><ul id="entries-refused" class="entry-list"></ul>
<h3>${t.pending}</h3><ul id="entries-pending" class="entry-list"></ul>
<p><button type="button" class="secondary" id="entries-more" hidden>${t.more}</button></p>
</section>`;
}
