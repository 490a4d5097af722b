import type { WebAssets } from '../../server/assets.ts';
import { html, jsonScript } from '../../server/html.ts';
import type { Language } from '../../server/language.ts';
import { page } from '../../server/layout.ts';
import { overlayMessages } from './messages/index.ts';
import type { OverlayPageData } from './overlay-page-data.ts';

/** The OBS overlay: a transparent page whose script reveals each draw of the channel. */
export function overlayPage(options: {
  language: Language;
  assets: WebAssets;
  login: string;
  key: string;
  demo: boolean;
}): string {
  const { forbiddenTitle, forbiddenHeading, forbiddenBody, ...text } = overlayMessages[options.language];
  const data: OverlayPageData = {
    eventsUrl: `/api/v1/channels/${encodeURIComponent(options.login)}/events?key=${encodeURIComponent(options.key)}`,
    demo: options.demo,
    text,
  };
  return page({
    language: options.language,
    assets: options.assets,
    title: text.title,
    styles: ['overlay.css'],
    scripts: ['overlay.js'],
    head: jsonScript('page-data', data),
    bodyClass: 'overlay',
    body: html`<div id="stage" aria-live="polite"></div>
<ul id="beacon-waits" class="beacon-waits" aria-live="polite"></ul>
<div id="entries" class="entries" hidden aria-live="polite"></div>
<ul id="claims" class="claims"></ul>`,
  });
}

/** What a wrong or missing key gets: nothing of the channel, not even whether it exists. */
export function overlayForbiddenPage(options: { language: Language; assets: WebAssets }): string {
  const text = overlayMessages[options.language];
  return page({
    language: options.language,
    assets: options.assets,
    title: text.forbiddenTitle,
    body: html`<section class="card notice" data-page="overlay-forbidden"><h1>${text.forbiddenHeading}</h1><p>${
      text.forbiddenBody
    }</p></section>`,
  });
}
