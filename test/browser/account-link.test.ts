import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asService } from '../helpers/app.ts';
import { PUBLIC_URL, useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors, screenshot } from './chromium.ts';

const GUILD = '123456789012345678';
const DISCORD_USER = '876543210987654321';
const DISCORD_NAME = 'ana_no_discord';

// SPEC §2.8, the account link in a phone's Chromium: a forged link gets the invalid-link page (400);
// the bot's link shows WHICH Discord account it links, signs in with Twitch as a viewer, and the
// confirmation links them; the same link a second time is refused as used.
describe.skipIf(!browserTestsRun)('the account-link page /vincular in Chromium', () => {
  const web = useBrowserWorld();
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let linkPath: string;
  let viewer: { userId: string; login: string };

  beforeAll(async () => {
    const { server } = web;
    await server.services.discordLinks.link(GUILD, server.channel.id);
    const minted = await fetch(`${server.url}/api/v1/discord/${GUILD}/users/${DISCORD_USER}/link`, {
      method: 'POST',
      headers: { ...asService, 'content-type': 'application/json' },
      body: JSON.stringify({ username: DISCORD_NAME }),
    });
    const { url } = (await minted.json()) as { url: string };
    expect(minted.status).toBe(201);
    const address = new URL(url);
    linkPath = `${address.pathname}${address.search}`;
    expect(linkPath).toMatch(/^\/vincular\?link=/);
    server.fake.setChatterCount(3);
    const chatters = await fetch(`${server.url}/api/v1/channels/${server.channel.login}/chatters`, {
      headers: asService,
    });
    viewer = ((await chatters.json()) as { chatters: { userId: string; login: string }[] }).chatters[0] ?? {
      userId: '',
      login: '',
    };

    context = await web.browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'pt-BR' });
    await context.route(`${PUBLIC_URL}/**`, (route) =>
      route.fulfill({
        status: 302,
        headers: { location: route.request().url().replace(PUBLIC_URL, web.server.url) },
      }),
    );
    page = await context.newPage();
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await context?.close();
  });
  afterEach(() => {
    expect(errors, 'errors reported by the page').toEqual([]);
  });

  it('answers a forged link with the invalid-link page, 400', async () => {
    const response = await page.goto(`${web.server.url}/vincular?link=forged.link`);
    expect(response?.status()).toBe(400);
    await expect(page.locator('h1').textContent()).resolves.toBe('Este link não vale mais');
    // Chromium logs the page's own 400 as a console error: it was the point of this step.
    expect(errors).toEqual([expect.stringMatching(/status of 400 .*\/vincular\?link=forged\.link\)$/)]);
    errors.length = 0;
  });

  it('names the Discord account, signs in with Twitch and links them on confirmation', async () => {
    await page.goto(`${web.server.url}${linkPath}`);
    await expect(page.getByTestId('discord-account').textContent()).resolves.toBe(DISCORD_NAME);
    await page.getByRole('link', { name: 'Entrar com a Twitch' }).click();
    await page.waitForURL(`${web.server.fake.url}/**`);
    await page.locator(`input[name="account"][value="${viewer.userId}"]`).check();
    await page.getByRole('button', { name: 'Autorizar' }).click();
    await page.waitForURL(`${web.server.url}${linkPath}`);
    await expect(page.locator('.question').textContent()).resolves.toBe(
      `Vincular o Discord ${DISCORD_NAME} à Twitch ${viewer.login}?`,
    );
    await screenshot(page, 'account-link-confirm.png', { fullPage: true });
    await page.getByRole('button', { name: 'Vincular' }).click();
    await page.locator('#link-result[data-outcome="linked"]').waitFor();
    await expect(page.locator('#link-result').textContent()).resolves.toContain(
      `O Discord ${DISCORD_NAME} está vinculado à Twitch ${viewer.login}`,
    );
  });

  it('shows the invalid-link page for a link already used (SPEC §2.8)', async () => {
    const response = await page.goto(`${web.server.url}${linkPath}`);
    expect(response?.status()).toBe(400);
    await expect(page.locator('h1').textContent()).resolves.toBe('Este link não vale mais');
    await expect(page.getByRole('button', { name: 'Vincular' }).count()).resolves.toBe(0);
    // Chromium logs the page's own 400 as a console error: it was the point of this step.
    expect(errors).toEqual([expect.stringMatching(/status of 400 /)]);
    errors.length = 0;
  });
});
