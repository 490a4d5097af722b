import type { Browser, BrowserContext } from 'playwright-core';
import type { WebServer } from './web-server.ts';

/** The PUBLIC_URL of the test configuration: Twitch sends the browser back there after the consent. */
export const PUBLIC_URL = 'http://kinoyu.test';

/**
 * A pt-BR browser context in which PUBLIC_URL (not a real host) leads to the test server, as a
 * reverse proxy would: the OAuth callback and the links the dashboard builds work as in production.
 */
export async function dashboardContext(browser: Browser, server: WebServer): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'pt-BR' });
  await context.route(`${PUBLIC_URL}/**`, (route) =>
    route.fulfill({
      status: 302,
      headers: { location: route.request().url().replace(PUBLIC_URL, server.url) },
    }),
  );
  return context;
}
