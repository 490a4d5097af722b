import type { WebAssets } from './assets.ts';
import { html, type SafeHtml } from './html.ts';
import type { Language } from './language.ts';
import { siteMessages } from './messages/index.ts';

const LANGUAGES: readonly Language[] = ['pt-BR', 'en'];

/** What a page of the site is made of; the layout adds the head, the header and the language switch. */
export interface PageOptions {
  readonly language: Language;
  readonly title: string;
  readonly body: SafeHtml;
  readonly assets: WebAssets;
  /** The request's path and query (`request.url`): the language switch links back to it. Omit for no switch. */
  readonly requestUrl?: string;
  /** Stylesheets by asset name; `web.css` when not given. */
  readonly styles?: readonly string[];
  /** Page scripts by asset name (`proof.js`), loaded as modules. */
  readonly scripts?: readonly string[];
  /** Extra markup for the head (page data with `jsonScript`…). */
  readonly head?: SafeHtml;
  /** A class on body, for pages with their own look (the overlay). */
  readonly bodyClass?: string;
}

/** The same address in another language: `?lang=` set, every other parameter kept. */
export function withLanguage(requestUrl: string, language: Language): string {
  const url = new URL(requestUrl, 'http://page.invalid');
  url.searchParams.set('lang', language);
  return `${url.pathname}${url.search}`;
}

function languageSwitch(current: Language, requestUrl: string): SafeHtml {
  const text = siteMessages[current].common;
  const links = LANGUAGES.map((language) =>
    language === current
      ? html`<a aria-current="true" lang="${language}">${text.languageNames[language]}</a>`
      : html`<a href="${withLanguage(requestUrl, language)}" hreflang="${language}" lang="${language}">${
          text.languageNames[language]
        }</a>`,
  );
  return html`<nav class="language-switch" aria-label="${text.languageSwitch}">${links}</nav>`;
}

/** A whole HTML document in the site's layout. */
export function page(options: PageOptions): string {
  const { language, assets } = options;
  const text = siteMessages[language].common;
  const styles = (options.styles ?? ['web.css']).map(
    (name) => html`<link rel="stylesheet" href="${assets.url(name)}">`,
  );
  const scripts = (options.scripts ?? []).map(
    (name) => html`<script type="module" src="${assets.url(name)}"></script>`,
  );
  const header =
    options.requestUrl === undefined
      ? ''
      : html`<header class="site-header"><a class="brand" href="/">${text.siteName}</a>${languageSwitch(
          language,
          options.requestUrl,
        )}</header>`;
  return html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${text.siteName}</title>
<link rel="icon" href="${assets.url('favicon.svg')}" type="image/svg+xml">
${styles}${options.head}${scripts}
</head>
<body class="${options.bodyClass ?? ''}">${header}<main>${options.body}</main></body>
</html>`.value;
}
