import type { FastifyRequest } from 'fastify';

/** The viewer signed in with Twitch on this browser (SPEC §2.8), as the winner's pages use it. */
export interface ViewerSessionView {
  readonly userId: string;
  readonly login: string;
  readonly displayName: string;
  readonly csrfToken: string;
}

/** The request's viewer session (`request.viewerSession`, decorated by the API), if any. */
export function viewerSessionOf(request: FastifyRequest): ViewerSessionView | undefined {
  return (request as FastifyRequest & { viewerSession?: ViewerSessionView }).viewerSession;
}

/**
 * Where "Entrar com a Twitch" starts the viewer sign-in: on PUBLIC_URL, the host Twitch sends the
 * browser back to (as the dashboard's login), then on to `next` (`/resgatar` or `/vincular?link=…`).
 */
export function viewerLoginUrl(publicUrl: string, next: string, language: string): string {
  const query = new URLSearchParams({ next });
  if (language === 'en') query.set('lang', 'en');
  return `${publicUrl}/auth/twitch/viewer/login?${query}`;
}
