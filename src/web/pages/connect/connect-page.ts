import type { ConnectOutcome } from '../../../contract/connect.ts';
import type { WebAssets } from '../../server/assets.ts';
import { html, trustedHtml } from '../../server/html.ts';
import { escapeHtml, type Language } from '../../server/language.ts';
import { page } from '../../server/layout.ts';
import { connectMessages } from './messages/index.ts';

/**
 * The friendly page shown at the end of the Twitch connection (SPEC §2.1), in the site's layout (its
 * styles are an asset: the pages' Content-Security-Policy allows no inline style). No language switch:
 * the callback's address carries the one-time OAuth code and state, which no link should repeat.
 */
export function connectPage(options: {
  language: Language;
  assets: WebAssets;
  outcome: ConnectOutcome;
  details?: { channel?: string; linkedToDiscord?: boolean };
}): string {
  const { language, outcome, details = {} } = options;
  const text = connectMessages[language][outcome];
  // The catalogue's texts hold our own markup; the one value from outside, the login, is escaped.
  const message = trustedHtml(text.body({ ...details, channel: escapeHtml(details.channel ?? '') }));
  return page({
    language,
    assets: options.assets,
    title: text.title,
    body: html`<section class="card connect-result" data-outcome="${outcome}"><h1>${text.heading}</h1><p>${message}</p></section>`,
    styles: ['web.css', 'connect.css'],
  });
}
