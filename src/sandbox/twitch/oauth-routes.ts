import type { ServerResponse } from 'node:http';
import { pageLanguage, renderConsentErrorPage, renderConsentPage } from './consent-page.ts';
import type { FakeContext } from './fake-context.ts';
import { type FakeRequest, formParams, redirect, sendHtml, sendJson, TwitchHttpError } from './http-io.ts';
import type { GrantRefusal, IssuedToken, PendingConsent } from './oauth-grants.ts';
import { tokenResponse, validateResponse } from './oauth-payloads.external.ts';
import type { FakeAccount } from './viewer-population.ts';

/** An OAuth error in the id.twitch.tv shape: `{status, message}`, no `error` field. */
const authError = (status: number, message: string) => new TwitchHttpError(status, message, false);

/** Serves `/auth/*` (id.twitch.tv/oauth2 in the Twitch CLI mock layout); false when the path is not one. */
export async function handleOAuth(context: FakeContext, request: FakeRequest, response: ServerResponse) {
  const route = `${request.method} ${request.path}`;
  if (route === 'GET /auth/authorize') showConsent(context, request, response);
  else if (route === 'POST /auth/authorize/decision') decide(context, request, response);
  else if (route === 'POST /auth/token')
    sendJson(response, 200, tokenResponse(issueToken(context, formParams(request))));
  else if (route === 'GET /auth/validate') validate(context, request, response);
  else if (route === 'POST /auth/revoke') revoke(context, formParams(request), response);
  else return false;
  return true;
}

/** What a valid authorize request asks for, or the problem with it. */
function parseAuthorizeRequest(context: FakeContext, query: URLSearchParams) {
  const clientId = query.get('client_id');
  const redirectUri = query.get('redirect_uri');
  const responseType = query.get('response_type');
  const scope = query.get('scope');
  if (!clientId || clientId !== context.client.id) return `client_id: ${clientId ?? '—'}`;
  if (!redirectUri || !acceptableRedirect(context, redirectUri)) return `redirect_uri: ${redirectUri ?? '—'}`;
  if (responseType !== 'code') return `response_type: ${responseType ?? '—'}`;
  if (scope === null) return 'scope: —';
  return { clientId, redirectUri, scopes: scope.split(' ').filter(Boolean), state: query.get('state') };
}

function showConsent(context: FakeContext, request: FakeRequest, response: ServerResponse): void {
  const { query } = request;
  const lang = pageLanguage(query.get('lang'));
  const parsed = parseAuthorizeRequest(context, query);
  if (typeof parsed === 'string') {
    sendHtml(response, 400, renderConsentErrorPage(lang, parsed));
    return;
  }
  const consent = context.grants.openConsent(parsed);
  const otherLanguage = new URLSearchParams(query);
  otherLanguage.set('lang', lang === 'en' ? 'pt-BR' : 'en');
  const html = renderConsentPage({
    lang,
    appName: context.client.name,
    consentId: consent.id,
    scopes: parsed.scopes,
    accounts: consentAccounts(context, parsed.scopes),
    typedLogin: parsed.scopes.length === 0,
    returnHost: new URL(parsed.redirectUri).host,
    otherLanguageQuery: otherLanguage.toString(),
  });
  sendHtml(response, 200, html);
}

// A sign-in with no scopes is a viewer identifying themself (KinoYu's claim page): the consent page
// offers the people in the default channel's chat, and a field to type any login.
const VIEWER_CHOICES = 30;

/** The accounts the consent page offers: broadcasters for a connection, chatters for a viewer sign-in. */
function consentAccounts(context: FakeContext, scopes: readonly string[]): FakeAccount[] {
  const broadcasters = context.world.channels.map((channel) => channel.broadcaster);
  if (scopes.length > 0) return broadcasters;
  const chatters = context.world.defaultChannel.chatterIds
    .filter((id) => id !== '')
    .slice(0, VIEWER_CHOICES)
    .flatMap((id) => context.world.findById(id) ?? []);
  return chatters.length > 0 ? chatters : broadcasters;
}

/** The account the form chose: a broadcaster, or for a viewer sign-in any account (typed login first). */
function chosenAccount(
  context: FakeContext,
  consent: PendingConsent,
  params: URLSearchParams,
): FakeAccount | undefined {
  const chosen = params.get('account') ?? '';
  if (consent.scopes.length > 0) return context.world.findChannel(chosen)?.broadcaster;
  const typed = params.get('account_login')?.trim().replace(/^@/, '') ?? '';
  if (typed !== '') {
    try {
      return context.world.ensureAccount(typed);
    } catch {
      return undefined;
    }
  }
  return context.world.findById(chosen) ?? context.world.findByLogin(chosen);
}

function acceptableRedirect(context: FakeContext, uri: string): boolean {
  if (context.client.redirectUris.length > 0) return context.client.redirectUris.includes(uri);
  return URL.canParse(uri) && /^https?:$/.test(new URL(uri).protocol);
}

function decide(context: FakeContext, request: FakeRequest, response: ServerResponse): void {
  const params = formParams(request);
  const lang = pageLanguage(params.get('lang'));
  const consent = context.grants.takeConsent(params.get('consent') ?? '');
  const decision = params.get('decision');
  const account = consent && chosenAccount(context, consent, params);
  if (!consent || (decision !== 'cancel' && (decision !== 'authorize' || !account))) {
    const detail = !consent
      ? { en: 'This authorization request expired.', 'pt-BR': 'Este pedido de autorização expirou.' }
      : { en: 'Choose an account and a button.', 'pt-BR': 'Escolha uma conta e um botão.' };
    sendHtml(response, 400, renderConsentErrorPage(lang, detail[lang]));
    return;
  }
  redirect(response, decisionTarget(context, consent, decision === 'authorize' ? account : undefined));
}

/**
 * Presses "Autorizar" on the consent page of an authorize URL as the default channel's broadcaster,
 * without a browser (the sandbox connects its channel this way on first start); returns where the
 * browser is sent back. Throws when the consent page would refuse the request.
 */
export function approveConsent(context: FakeContext, authorizeUrl: string): string {
  const parsed = parseAuthorizeRequest(context, new URL(authorizeUrl).searchParams);
  if (typeof parsed === 'string') throw new Error(`the consent page refuses this request: ${parsed}`);
  return decisionTarget(context, parsed, context.world.defaultChannel.broadcaster);
}

/** The redirect URI with a code for `account` and the scopes asked, or with the denial; the state kept. */
function decisionTarget(
  context: FakeContext,
  consent: Pick<PendingConsent, 'clientId' | 'redirectUri' | 'scopes' | 'state'>,
  account: FakeAccount | undefined,
): string {
  const target = new URL(consent.redirectUri);
  if (account) {
    const code = context.grants.issueCode(consent.clientId, account.id, consent.scopes, consent.redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('scope', consent.scopes.join(' '));
  } else {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_description', 'The user denied you access');
  }
  if (consent.state !== null) target.searchParams.set('state', consent.state);
  return target.toString();
}

function issueToken(context: FakeContext, params: URLSearchParams): IssuedToken {
  const { client, grants } = context;
  if (params.get('client_id') !== client.id) throw authError(400, 'invalid client');
  const grantType = params.get('grant_type');
  const secret = params.get('client_secret');
  if (secret !== client.secret) throw authError(403, 'invalid client secret');
  if (grantType === 'client_credentials') return grants.issueAppToken(client.id);
  if (grantType === 'authorization_code') {
    const code = params.get('code');
    const redirectUri = params.get('redirect_uri');
    if (!code) throw authError(400, 'missing code');
    if (!redirectUri) throw authError(400, 'missing redirect_uri');
    return issuedOrRefused(grants.redeemCode(client.id, code, redirectUri), 'Invalid authorization code');
  }
  if (grantType === 'refresh_token') {
    const refreshToken = params.get('refresh_token');
    if (!refreshToken) throw authError(400, 'missing refresh token');
    return issuedOrRefused(grants.refresh(client.id, refreshToken), 'Invalid refresh token');
  }
  throw authError(400, grantType ? 'unsupported grant type' : 'missing grant_type');
}

function issuedOrRefused(result: IssuedToken | GrantRefusal, message: string): IssuedToken {
  if (result === 'redirect_mismatch')
    throw authError(400, 'Parameter redirect_uri does not match registered URI');
  if (typeof result === 'string') throw authError(400, message);
  return result;
}

function validate(context: FakeContext, request: FakeRequest, response: ServerResponse): void {
  const match = /^(?:OAuth|Bearer) (\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) throw authError(401, 'missing authorization token');
  const token = context.grants.liveAccessToken(match[1]);
  if (!token) throw authError(401, 'invalid access token');
  const login = token.userId === null ? undefined : context.world.findById(token.userId)?.login;
  sendJson(response, 200, validateResponse(token, login));
}

function revoke(context: FakeContext, params: URLSearchParams, response: ServerResponse): void {
  if (params.get('client_id') !== context.client.id) throw authError(404, 'client does not exist');
  const token = params.get('token');
  if (!token) throw authError(400, 'missing oauth token');
  if (!context.grants.revoke(context.client.id, token)) throw authError(400, 'Invalid token');
  response.writeHead(200, { 'Content-Length': 0 });
  response.end();
}
