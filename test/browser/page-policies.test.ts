import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors } from './chromium.ts';

// The pages that gained the site's Content-Security-Policy late (the Twitch result pages, the API docs)
// still work under it in a real Chromium: nothing refused, nothing reported.
describe.skipIf(!browserTestsRun)('pages under their Content-Security-Policy', () => {
  const web = useBrowserWorld();
  let page: Page;
  let errors: string[];

  const open = async (path: string) => {
    page = await web.browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'pt-BR' });
    errors = collectPageErrors(page);
    return page.goto(`${web.server.url}${path}`);
  };
  afterEach(async () => {
    // A page answered with an error status is reported as such: the one console line expected.
    const unexpected = errors.filter((error) => !error.includes('the server responded with a status of 400'));
    expect(unexpected, 'errors reported by the page').toEqual([]);
    await page?.close();
  });

  it('shows the Twitch result page with its styles', async () => {
    const response = await open('/auth/twitch/callback?state=forged.state&code=abc');
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    const card = page.locator('[data-outcome="invalid_link"]');
    await expect(card.locator('h1').textContent()).resolves.toBe('Este link não vale mais');
    // connect.css applies: the warning accent on top of the card.
    await expect(card.evaluate((element) => getComputedStyle(element).borderTopWidth)).resolves.toBe('4px');
  });

  it('shows the API documentation', async () => {
    await open('/docs');
    await page.locator('.swagger-ui .info .title').waitFor();
    await expect(page.locator('.swagger-ui .info .title').textContent()).resolves.toContain('KinoYu API');
    await page.locator('.opblock').first().waitFor();
  });
});
