import type { WebAssets } from './assets.ts';
import { html } from './html.ts';
import type { Language } from './language.ts';
import { page } from './layout.ts';
import { siteMessages } from './messages/index.ts';

/** The friendly page for an address that names nothing (an unknown raffle, a mistyped link). */
export function notFoundPage(options: {
  language: Language;
  assets: WebAssets;
  requestUrl?: string;
  heading?: string;
  body?: string;
}): string {
  const text = siteMessages[options.language].notFound;
  return page({
    language: options.language,
    assets: options.assets,
    requestUrl: options.requestUrl,
    title: text.title,
    body: html`<section class="card notice" data-page="not-found"><h1>${options.heading ?? text.heading}</h1><p>${
      options.body ?? text.body
    }</p></section>`,
  });
}
