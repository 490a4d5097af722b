import type { AccountLinkRequest } from '../../../prizes/account-link-service.ts';
import type { WebAssets } from '../../server/assets.ts';
import { html, jsonScript, type SafeHtml } from '../../server/html.ts';
import type { Language } from '../../server/language.ts';
import { page } from '../../server/layout.ts';
import type { ViewerSessionView } from '../../server/viewer-session.ts';
import type { AccountLinkPageData } from './account-link-page-data.ts';
import { type AccountLinkMessages, accountLinkMessages } from './messages/index.ts';

/** The Discord user a valid link names (what `accountLinks.inspect` reads from it, without spending it). */
export type LinkedDiscordUser = AccountLinkRequest;

interface PageBase {
  readonly language: Language;
  readonly assets: WebAssets;
  /** The page's path and query, for the language switch (which keeps the link). */
  readonly requestUrl?: string;
}

const STYLES = ['web.css', 'account-link.css'];

const formatTime = (iso: string, language: Language) =>
  `${new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(iso),
  )} UTC`;

/** How the page names the Discord account: its username when known, else "no name", and its id. */
const discordName = (user: LinkedDiscordUser, text: AccountLinkMessages) =>
  user.discordUsername ?? text.unnamedDiscord;

/**
 * The Discord account the link names, shown plainly: a viewer must see WHOSE account they would link
 * before signing in, or someone could send them their own link.
 */
function discordFacts(
  user: LinkedDiscordUser,
  text: AccountLinkMessages,
  viewer?: ViewerSessionView,
): SafeHtml {
  const twitch = viewer
    ? html`<dt>${text.twitchAccount}</dt><dd><strong data-testid="twitch-account">${viewer.displayName}</strong>${
        viewer.displayName.toLowerCase() === viewer.login
          ? ''
          : html` <span class="muted">(${viewer.login})</span>`
      }</dd>`
    : '';
  return html`<dl class="link-facts">
<dt>${text.discordAccount}</dt><dd><strong data-testid="discord-account">${discordName(user, text)}</strong> <span class="muted">(id ${user.discordUserId})</span></dd>
${twitch}</dl>`;
}

/** `/vincular` with a link that is missing, malformed, forged or expired: it changes nothing. */
export function invalidLinkPage(options: PageBase): string {
  const text = accountLinkMessages[options.language].invalid;
  return page({
    ...options,
    title: text.title,
    body: html`<section class="card notice" data-page="account-link" data-outcome="invalid_link"><h1>${text.heading}</h1><p>${text.body}</p></section>`,
    styles: STYLES,
  });
}

/** `/vincular` before signing in: which Discord account, and "Entrar com a Twitch". */
export function accountLinkSignedOutPage(
  options: PageBase & { user: LinkedDiscordUser; loginUrl: string; notice?: SafeHtml | undefined },
): string {
  const { language, user } = options;
  const text = accountLinkMessages[language];
  const body = html`<section class="card account-link" data-page="account-link" data-signed-in="false">
<h1>${text.heading}</h1>
${options.notice}
<p>${text.signedOutIntro}</p>
${discordFacts(user, text)}
<p class="warning">${text.warning}</p>
<p><a class="button twitch-login" href="${options.loginUrl}">${text.signedOutLogin}</a></p>
<p class="muted">${text.expires(formatTime(user.expiresAt, language))}</p>
</section>`;
  return page({ ...options, title: text.title, body, styles: STYLES });
}

/** `/vincular` for a signed-in viewer: "Vincular o Discord X à Twitch Y?" and the confirmation. */
export function accountLinkConfirmPage(
  options: PageBase & {
    user: LinkedDiscordUser;
    viewer: ViewerSessionView;
    link: string;
    claimPageUrl: string;
  },
): string {
  const { language, user, viewer } = options;
  const text = accountLinkMessages[language];
  const data: AccountLinkPageData = {
    language,
    link: options.link,
    csrfToken: viewer.csrfToken,
    claimPageUrl: options.claimPageUrl,
    text: text.client,
  };
  const body = html`<section class="card account-link" data-page="account-link" data-signed-in="true">
<h1>${text.heading}</h1>
<div id="link-question">
<p class="question">${text.confirmQuestion(discordName(user, text), viewer.login)}</p>
${discordFacts(user, text, viewer)}
<p class="warning">${text.warning}</p>
<p class="actions"><button type="button" id="link-confirm">${text.confirm}</button>
<button type="button" class="secondary" id="link-other-twitch">${text.otherTwitch}</button></p>
<p class="muted">${text.expires(formatTime(user.expiresAt, language))}</p>
</div>
<p id="link-result" role="status" aria-live="polite"></p>
</section>`;
  return page({
    ...options,
    title: text.title,
    body,
    head: jsonScript('page-data', data),
    styles: STYLES,
    scripts: ['account-link.js'],
  });
}
