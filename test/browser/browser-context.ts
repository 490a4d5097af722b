import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { collectPageErrors, launchChromium } from './chromium.ts';
import { startWebServer, type WebServer } from './web-server.ts';

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

/** The server and the Chromium of one browser test file. */
export interface BrowserWorld {
  readonly server: WebServer;
  readonly browser: Browser;
  /** With `dashboard`: a context of dashboardContext(), a page in it, and the errors that page reports. */
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
}

/**
 * Starts the test server and Chromium in the calling suite's beforeAll and closes both in its afterAll;
 * with `scheduler`, the session scheduler runs meanwhile; with `beacon`, draws wait for the rounds of a
 * local drand beacon (SPEC §4.1). Read the fields inside hooks and tests.
 */
export function useBrowserWorld(
  options: { scheduler?: boolean; dashboard?: boolean; beacon?: boolean } = {},
): BrowserWorld {
  let started: {
    server: WebServer;
    browser: Browser;
    context?: BrowserContext;
    page?: Page;
    errors?: string[];
  };
  beforeAll(async () => {
    const [server, browser] = await Promise.all([
      startWebServer({ beacon: options.beacon ?? false }),
      launchChromium(),
    ]);
    started = { server, browser };
    if (options.scheduler) server.services.scheduler.start();
    if (options.dashboard) {
      const context = await dashboardContext(browser, server);
      const page = await context.newPage();
      started = { ...started, context, page, errors: collectPageErrors(page) };
    }
  });
  afterAll(async () => {
    if (options.scheduler) await started?.server.services.scheduler.stop();
    await started?.context?.close();
    await started?.browser.close();
    await started?.server.close();
  });
  const current = () => {
    if (!started)
      throw new Error('the browser world is started in beforeAll: read it inside a hook or a test');
    return started;
  };
  const dashboard = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('this browser world was started without dashboard: true');
    return value;
  };
  return {
    get server() {
      return current().server;
    },
    get browser() {
      return current().browser;
    },
    get context() {
      return dashboard(current().context);
    },
    get page() {
      return dashboard(current().page);
    },
    get errors() {
      return dashboard(current().errors);
    },
  };
}
