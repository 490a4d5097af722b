import type { ViewerSession } from '../../api/plugins/viewer-session.ts';

/** What the winner's pages show of the viewer signed in with Twitch (SPEC §2.8). */
export type ViewerSessionView = Pick<ViewerSession, 'userId' | 'login' | 'displayName' | 'csrfToken'>;

/**
 * Where "Entrar com a Twitch" starts the viewer sign-in: on PUBLIC_URL, the host Twitch sends the
 * browser back to (as the dashboard's login), then on to `next` (`/resgatar` or `/vincular?link=…`).
 */
export function viewerLoginUrl(publicUrl: string, next: string, language: string): string {
  const query = new URLSearchParams({ next });
  if (language === 'en') query.set('lang', 'en');
  return `${publicUrl}/auth/twitch/viewer/login?${query}`;
}
