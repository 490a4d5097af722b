import type { WebAssets } from '../../server/assets.ts';
import { html, jsonScript, type SafeHtml } from '../../server/html.ts';
import type { Language } from '../../server/language.ts';
import { page } from '../../server/layout.ts';
import type { ViewerSessionView } from '../../server/viewer-session.ts';
import type { ClaimPageData } from './claim-page-data.ts';
import { claimMessages } from './messages/index.ts';

interface ClaimPageOptions {
  readonly language: Language;
  readonly assets: WebAssets;
  readonly requestUrl: string;
}

const STYLES = ['web.css', 'claim.css'];

/** `/resgatar` before signing in: what the page is for, and "Entrar com a Twitch". */
export function claimSignedOutPage(
  options: ClaimPageOptions & { loginUrl: string; notice?: SafeHtml | undefined },
): string {
  const text = claimMessages[options.language];
  const body = html`<section class="card claim-intro" data-page="claim" data-signed-in="false">
<h1>${text.signedOut.heading}</h1>
${options.notice}
<p>${text.signedOut.intro}</p>
<p><a class="button twitch-login" href="${options.loginUrl}">${text.signedOut.login}</a></p>
<p class="muted">${text.signedOut.help}</p>
</section>`;
  return page({ ...options, title: text.title, body, styles: STYLES });
}

/**
 * `/resgatar` for a signed-in viewer: the greeting and an empty list the script fills from
 * `GET /api/v1/viewer/prizes`. No prize, and never a code, is written into the HTML: a code only
 * comes from the reveal call, made by its holder's browser.
 */
export function claimPage(options: ClaimPageOptions & { viewer: ViewerSessionView }): string {
  const { language, viewer } = options;
  const text = claimMessages[language];
  const data: ClaimPageData = { language, csrfToken: viewer.csrfToken, text: text.client };
  const body = html`<div class="claim" data-page="claim" data-signed-in="true">
<header class="claim-head">
<div><h1 id="hello">${text.hello(viewer.displayName)}</h1>
<p class="muted">${text.signedInAs(viewer.login)}</p></div>
<button type="button" class="secondary" id="logout">${text.logout}</button>
</header>
<h2 class="prizes-heading">${text.prizesHeading}</h2>
<p id="prizes-status" role="status" aria-live="polite">${text.client.loading}</p>
<ol id="prize-list" class="prize-list"></ol>
<section class="card claim-empty" id="prizes-empty" hidden>
<h2>${text.client.emptyHeading}</h2>
<p class="muted">${text.client.emptyBody}</p>
</section>
</div>`;
  return page({
    ...options,
    title: text.title,
    body,
    head: jsonScript('page-data', data),
    styles: STYLES,
    scripts: ['claim.js'],
    bodyClass: 'claim-page',
  });
}
