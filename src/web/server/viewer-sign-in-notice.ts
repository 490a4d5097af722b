import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from './html.ts';
import type { Language } from './language.ts';
import { siteMessages } from './messages/index.ts';

/**
 * Why the viewer sign-in did not happen, when it came back here with `?signin=denied|invalid_state|
 * exchange_failed` (the API's viewer callback); nothing otherwise.
 */
export function viewerSignInNotice(request: FastifyRequest, language: Language): SafeHtml | undefined {
  const outcome = (request.query as { signin?: unknown } | undefined)?.signin;
  const texts = siteMessages[language].viewerSignIn;
  if (typeof outcome !== 'string' || !Object.hasOwn(texts, outcome)) return undefined;
  return html`<p class="sign-in-notice" role="alert">${texts[outcome]}</p>`;
}
