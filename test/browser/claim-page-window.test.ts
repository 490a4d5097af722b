import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asService } from '../helpers/app.ts';
import { PUBLIC_URL, useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors } from './chromium.ts';

const CODE = 'WINDOW-CODE-0001';

// SPEC §2.6 + §2.8 on the claim page: a coded prize won with a claim window running shows the word to
// type and the time left, and no code; once the winner claims in chat the page turns, by itself, to
// "ready" with "Mostrar código", which gives the code.
describe.skipIf(!browserTestsRun)('the claim page while a claim window runs, in Chromium', () => {
  const web = useBrowserWorld();
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let winner: { userId: string; login: string };

  const api = async (method: string, path: string, payload?: unknown) => {
    const response = await fetch(`${web.server.url}${path}`, {
      method,
      headers: { ...asService, ...(payload !== undefined && { 'content-type': 'application/json' }) },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const body = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  };

  beforeAll(async () => {
    const { server } = web;
    const listener = server.services.chatListener;
    if (!listener || !server.channel.twitchUserId) throw new Error('the test server listens to no chat');
    const subscribed = listener.subscribed();
    listener.listen(server.channel.id, server.channel.twitchUserId);
    await subscribed;
    await server.services.claims.start();
    const login = server.channel.login;
    server.fake.setChatterCount(4);
    const { items } = await api('POST', `/api/v1/channels/${login}/items`, { text: 'gift card:10' });
    await api('POST', `/api/v1/channels/${login}/items/${items[0].id}/codes`, { codes: [CODE] });
    await api('PATCH', `/api/v1/channels/${login}/settings`, {
      claimEnabled: true,
      claimSeconds: 120,
      claimWord: '!resgatar',
    });
    winner = (await api('POST', `/api/v1/channels/${login}/raffles`, { winners: 1 })).winners[0];

    context = await web.browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'pt-BR' });
    await context.route(`${PUBLIC_URL}/**`, (route) =>
      route.fulfill({
        status: 302,
        headers: { location: route.request().url().replace(PUBLIC_URL, web.server.url) },
      }),
    );
    page = await context.newPage();
    errors = collectPageErrors(page);
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await web.server.services.claims.stop();
  });
  afterEach(() => {
    expect(errors, 'errors reported by the page').toEqual([]);
  });

  it('tells the winner what to type, then offers the code once they claimed in chat', async () => {
    await page.goto(`${web.server.url}/resgatar`);
    await page.getByRole('link', { name: 'Entrar com a Twitch' }).click();
    await page.waitForURL(`${web.server.fake.url}/**`);
    await page.locator(`input[name="account"][value="${winner.userId}"]`).check();
    await page.getByRole('button', { name: 'Autorizar' }).click();
    await page.waitForURL(`${web.server.url}/resgatar`);
    const card = page.locator('.prize').filter({ hasText: 'gift card' });
    await card.waitFor();
    await expect(card.getAttribute('data-state')).resolves.toBe('awaiting_claim');
    await expect(card.locator('.prize-state').textContent()).resolves.toMatch(
      /^Digite !resgatar no chat de .+ até .+ para resgatar\.$/,
    );
    await expect(card.locator('.countdown').textContent()).resolves.toMatch(/^Falta (\d+ s|\d+:\d\d)\.$/);
    await expect(card.getByRole('button', { name: 'Mostrar código' }).count()).resolves.toBe(0);

    web.server.fake.pushChatMessage({ chatter: winner.login, text: '!resgatar' });
    // The page reads the list again every few seconds while a window runs.
    await page.locator('.prize[data-state="claimed"]').waitFor({ timeout: 15_000 });
    await card.getByRole('button', { name: 'Mostrar código' }).click();
    await expect(card.getByTestId('prize-code').textContent()).resolves.toBe(CODE);
  });
});
