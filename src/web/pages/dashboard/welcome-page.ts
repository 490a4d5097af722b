import type { WebAssets } from '../../server/assets.ts';
import { html, trustedHtml } from '../../server/html.ts';
import type { Language } from '../../server/language.ts';
import { page } from '../../server/layout.ts';
import { dashboardMessages } from './messages/index.ts';

/** Where this server's Twitch is: the real one, a stand-in (TWITCH_MOCK_URL) or the built-in sandbox. */
export type TwitchMode = 'twitch' | 'stand-in' | 'sandbox';

/** The dashboard before logging in: what KinoYu does, and "Entrar com a Twitch". */
export function welcomePage(options: {
  language: Language;
  assets: WebAssets;
  requestUrl: string;
  twitchMode: TwitchMode;
  /** `${PUBLIC_URL}/auth/twitch/login`: the login starts on the host Twitch sends the browser back to. */
  loginUrl: string;
}): string {
  const { language } = options;
  const text = dashboardMessages[language];
  const note =
    options.twitchMode === 'sandbox'
      ? html`<p class="sandbox-note" data-testid="sandbox-note">${text.welcome.sandbox}</p>`
      : options.twitchMode === 'stand-in'
        ? html`<p class="sandbox-note">${text.welcome.standIn}</p>`
        : '';
  const login = `${options.loginUrl}${language === 'en' ? '?lang=en' : ''}`;
  const body = html`<section class="welcome card" data-page="welcome">
<h1>${text.welcome.heading}</h1>
<p class="lead">${text.welcome.intro}</p>
<ul class="features">${text.welcome.features.map((feature) => html`<li>${trustedHtml(feature)}</li>`)}</ul>
<p><a class="button twitch-login" href="${login}">${text.welcome.login}</a></p>
<p class="muted">${text.welcome.loginHelp}</p>
${note}
</section>`;
  return page({
    language,
    assets: options.assets,
    requestUrl: options.requestUrl,
    title: text.welcome.title,
    body,
    styles: ['web.css', 'dashboard.css'],
  });
}
