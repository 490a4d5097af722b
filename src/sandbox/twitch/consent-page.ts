import type { FakeAccount } from './viewer-population.ts';

/** The languages of the sandbox pages: Brazilian Portuguese by default, English on `?lang=en`. */
export type PageLanguage = 'pt-BR' | 'en';

/** Everything the consent screen shows. */
export interface ConsentPageInput {
  readonly lang: PageLanguage;
  readonly appName: string;
  readonly consentId: string;
  readonly scopes: readonly string[];
  readonly accounts: readonly FakeAccount[];
  /** A viewer sign-in: a field to type any login besides the accounts listed. */
  readonly typedLogin?: boolean;
  readonly returnHost: string;
  /** The query string of this same page in the other language. */
  readonly otherLanguageQuery: string;
}

/** The language a page should use, from its `lang` parameter. */
export function pageLanguage(lang: string | null): PageLanguage {
  return lang?.toLowerCase().startsWith('en') ? 'en' : 'pt-BR';
}

const TEXT = {
  'pt-BR': {
    title: 'Autorizar acesso — Twitch (sandbox)',
    banner: 'Sandbox do KinoYu: esta não é a Twitch de verdade. Nada sai do seu computador.',
    heading: (app: string) => `${app} quer acessar sua conta da Twitch`,
    account: 'Conta que será conectada',
    chooseAccount: 'Escolha a conta que será conectada',
    typeLogin: 'Ou digite o login de outro espectador',
    scopes: 'Esta aplicação poderá:',
    noScopes: 'Apenas identificar a sua conta.',
    returnTo: (host: string) => `Depois de decidir, você volta para ${host}.`,
    authorize: 'Autorizar',
    cancel: 'Cancelar',
    otherLanguage: 'English',
    errorTitle: 'Não foi possível continuar',
  },
  en: {
    title: 'Authorize access — Twitch (sandbox)',
    banner: 'KinoYu sandbox: this is not the real Twitch. Nothing leaves your computer.',
    heading: (app: string) => `${app} wants to access your Twitch account`,
    account: 'Account that will connect',
    chooseAccount: 'Choose the account that will connect',
    typeLogin: "Or type another viewer's login",
    scopes: 'This application will be able to:',
    noScopes: 'Only identify your account.',
    returnTo: (host: string) => `After you decide, you go back to ${host}.`,
    authorize: 'Authorize',
    cancel: 'Cancel',
    otherLanguage: 'Português',
    errorTitle: 'Could not continue',
  },
} as const;

const SCOPES: Record<string, { 'pt-BR': string; en: string }> = {
  'moderator:read:chatters': {
    'pt-BR': 'Ver a lista de pessoas no chat',
    en: 'View the list of people in chat',
  },
  'user:read:chat': { 'pt-BR': 'Ler as mensagens do chat', en: 'Read chat messages' },
  'user:write:chat': { 'pt-BR': 'Enviar mensagens no chat', en: 'Send chat messages' },
  'user:bot': { 'pt-BR': 'Participar do chat como bot', en: 'Appear in chat as a bot' },
  'channel:bot': { 'pt-BR': 'Permitir um bot no seu canal', en: 'Allow a bot in your channel' },
  'channel:read:subscriptions': { 'pt-BR': 'Ver quem se inscreveu no canal', en: 'View your subscribers' },
  'channel:read:vips': { 'pt-BR': 'Ver os VIPs do canal', en: "View your channel's VIPs" },
  'moderation:read': { 'pt-BR': 'Ver os moderadores do canal', en: "View your channel's moderators" },
  'moderator:read:followers': { 'pt-BR': 'Ver quem segue o canal', en: "View your channel's followers" },
  'user:read:email': { 'pt-BR': 'Ver seu endereço de e-mail', en: 'View your email address' },
};

const STYLE = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#0e0e10;color:#efeff1}
main{max-width:28rem;margin:3rem auto;background:#18181b;border-radius:.5rem;padding:1.5rem 2rem}
.banner{background:#ffd37a;color:#3b2a00;padding:.5rem 1rem;text-align:center;font-size:.9rem}
h1{font-size:1.25rem;line-height:1.4}h2{font-size:1rem;margin-top:1.5rem}
ul{padding-left:1.2rem}li{margin:.3rem 0}code{color:#adadb8;font-size:.8rem}
.account{display:flex;align-items:center;gap:.75rem;margin:.4rem 0}.account img{width:2rem;height:2rem;border-radius:50%}
.buttons{display:flex;gap:.75rem;margin-top:1.5rem}
button{flex:1;padding:.6rem;border:0;border-radius:.3rem;font-size:1rem;font-weight:600;cursor:pointer}
.authorize{background:#9147ff;color:#fff}.cancel{background:#3a3a3d;color:#efeff1}
.muted{color:#adadb8;font-size:.85rem}a{color:#bf94ff}`;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(lang: PageLanguage, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body><div class="banner">${escapeHtml(TEXT[lang].banner)}</div>
<main>${body}</main></body></html>`;
}

function accountRow(account: FakeAccount, input: string): string {
  return `<label class="account">${input}<img src="/avatars/${escapeHtml(account.login)}.svg" alt="">
<span><strong>${escapeHtml(account.displayName)}</strong> <code>${escapeHtml(account.login)}</code></span></label>`;
}

/** The consent screen: the app, the scopes it asks for, the account that connects, Authorize / Cancel. */
export function renderConsentPage(input: ConsentPageInput): string {
  const text = TEXT[input.lang];
  const scopes = input.scopes.length
    ? input.scopes
        .map(
          (scope) =>
            `<li>${escapeHtml(SCOPES[scope]?.[input.lang] ?? scope)} <code>${escapeHtml(scope)}</code></li>`,
        )
        .join('')
    : `<li>${escapeHtml(text.noScopes)}</li>`;
  const [first] = input.accounts;
  const accounts =
    input.accounts.length === 1 && first
      ? `<h2>${text.account}</h2>${accountRow(first, `<input type="hidden" name="account" value="${escapeHtml(first.id)}">`)}`
      : `<h2>${text.chooseAccount}</h2>${input.accounts
          .map((account, index) =>
            accountRow(
              account,
              `<input type="radio" name="account" value="${escapeHtml(account.id)}"${index === 0 ? ' checked' : ''}>`,
            ),
          )
          .join('')}`;
  const typed = input.typedLogin
    ? `<label class="muted">${escapeHtml(text.typeLogin)} <input name="account_login" autocomplete="off" maxlength="25"></label>`
    : '';
  const body = `<h1>${escapeHtml(text.heading(input.appName))}</h1>
<form method="post" action="/auth/authorize/decision">
<input type="hidden" name="consent" value="${escapeHtml(input.consentId)}">
<input type="hidden" name="lang" value="${input.lang}">
${accounts}
${typed}
<h2>${text.scopes}</h2><ul>${scopes}</ul>
<p class="muted">${escapeHtml(text.returnTo(input.returnHost))}</p>
<div class="buttons"><button class="cancel" name="decision" value="cancel">${text.cancel}</button>
<button class="authorize" name="decision" value="authorize">${text.authorize}</button></div>
</form>
<p class="muted"><a href="?${escapeHtml(input.otherLanguageQuery)}">${text.otherLanguage}</a></p>`;
  return page(input.lang, text.title, body);
}

/** The page shown instead of the consent screen when the request is not valid. */
export function renderConsentErrorPage(lang: PageLanguage, detail: string): string {
  const text = TEXT[lang];
  return page(lang, text.errorTitle, `<h1>${text.errorTitle}</h1><p>${escapeHtml(detail)}</p>`);
}

/** A small generated avatar (the first letter on a colour of the login), so no image leaves the machine. */
export function renderAvatar(login: string): string {
  const hue = [...login].reduce((sum, char) => sum + char.charCodeAt(0) * 7, 0) % 360;
  const letter = escapeHtml((login.charAt(0) || '?').toUpperCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
<rect width="64" height="64" fill="hsl(${hue},55%,45%)"/><text x="32" y="42" font-size="30" text-anchor="middle"
font-family="sans-serif" fill="#fff">${letter}</text></svg>`;
}
