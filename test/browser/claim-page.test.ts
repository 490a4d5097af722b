import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asService } from '../helpers/app.ts';
import { PUBLIC_URL, useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors, screenshot } from './chromium.ts';

interface Winner {
  readonly userId: string;
  readonly login: string;
}

const CODE = 'KINO-7Q4M-ZX2P-0001';
const PHONE = { width: 375, height: 740 };

// SPEC §2.8, the claim page on a phone: the winner of a coded prize signs in with Twitch as a viewer
// (picking that simulated viewer on the fake Twitch's consent page), sees the prize, reveals the code
// and copies it; another viewer signed in on the same phone sees no prize and no trace of the code.
describe.skipIf(!browserTestsRun)('the claim page /resgatar on a 375 px phone in Chromium', () => {
  const web = useBrowserWorld();
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let winner: Winner;
  let other: Winner;
  let itemName: string;
  /** Every API answer the page received, to look for the code where it must not be. */
  const answers: { url: string; body: string }[] = [];

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
    const login = server.channel.login;
    // A small chat: the draw's winner and one other viewer are among a handful.
    server.fake.setChatterCount(4);
    itemName = 'chave steam';
    const { items } = await api('POST', `/api/v1/channels/${login}/items`, { text: `${itemName}:10` });
    const item = items.find((candidate: { name: string }) => candidate.name === itemName);
    await api('POST', `/api/v1/channels/${login}/items/${item.id}/codes`, { codes: [CODE] });
    // No claim window: the code is the winner's at once.
    await api('PATCH', `/api/v1/channels/${login}/settings`, { claimEnabled: false });
    const raffle = await api('POST', `/api/v1/channels/${login}/raffles`, { winners: 1 });
    winner = raffle.winners[0];
    const { chatters } = await api('GET', `/api/v1/channels/${login}/chatters`);
    other = chatters.find((chatter: Winner) => chatter.userId !== winner.userId);
    expect(winner.userId).toBeTruthy();
    expect(other?.userId).toBeTruthy();

    context = await web.browser.newContext({ viewport: PHONE, locale: 'pt-BR', hasTouch: true });
    // PUBLIC_URL leads to the test server, as a reverse proxy would (the sign-in starts there).
    await context.route(`${PUBLIC_URL}/**`, (route) =>
      route.fulfill({
        status: 302,
        headers: { location: route.request().url().replace(PUBLIC_URL, web.server.url) },
      }),
    );
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.server.url });
    page = await context.newPage();
    errors = collectPageErrors(page);
    page.on('response', async (response: Response) => {
      if (!response.url().startsWith(web.server.url)) return;
      const body = await response.text().catch(() => '');
      answers.push({ url: response.url(), body });
    });
  });
  afterAll(async () => {
    await context?.close();
  });
  afterEach(() => {
    expect(errors, 'errors reported by the page').toEqual([]);
  });

  /** From the signed-out page: "Entrar com a Twitch", pick `viewer` on the consent page, authorize. */
  const signInAs = async (viewer: Winner) => {
    await page.getByRole('link', { name: 'Entrar com a Twitch' }).click();
    await page.waitForURL(`${web.server.fake.url}/**`);
    await page.locator(`input[name="account"][value="${viewer.userId}"]`).check();
    await page.getByRole('button', { name: 'Autorizar' }).click();
    await page.waitForURL(`${web.server.url}/resgatar`);
  };

  it('signs the winner in, reveals the code and copies it', async () => {
    await page.goto(`${web.server.url}/resgatar`);
    await expect(page.locator('[data-page="claim"]').getAttribute('data-signed-in')).resolves.toBe('false');
    await signInAs(winner);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Olá, /);
    const card = page.locator('.prize').filter({ hasText: itemName });
    await card.waitFor();
    await expect(card.getAttribute('data-state')).resolves.toBe('claimed');
    // Nothing of the code is in the page until its holder asks for it.
    expect(await page.content()).not.toContain(CODE);
    await screenshot(page, 'claim-page-phone.png', { fullPage: true });

    await card.getByRole('button', { name: 'Mostrar código' }).click();
    await expect(card.getByTestId('prize-code').textContent()).resolves.toBe(CODE);
    await expect(card.getAttribute('data-state')).resolves.toBe('delivered');
    await card.getByRole('button', { name: 'Copiar' }).click();
    await card.getByRole('button', { name: 'Copiado!' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(CODE);
    // Phone-first: nothing wider than the screen.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(
      PHONE.width,
    );
    await screenshot(page, 'claim-page-code.png', { fullPage: true });

    // The first reveal is recorded: the ledger says delivered.
    const ledger = await api('GET', `/api/v1/channels/${web.server.channel.login}/prizes-given`);
    expect(ledger.prizes[0]).toMatchObject({ userId: winner.userId, state: 'delivered', hasCode: true });
    expect(JSON.stringify(ledger)).not.toContain(CODE);
  });

  it('shows another viewer no prize and no trace of the code', async () => {
    await page.getByRole('button', { name: 'Sair' }).click();
    await page.locator('[data-signed-in="false"]').waitFor();
    answers.length = 0;
    await signInAs(other);
    await page.locator('#prizes-empty:not([hidden])').waitFor();
    await expect(page.locator('.prize').count()).resolves.toBe(0);
    expect(await page.content()).not.toContain(CODE);
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers)
      expect({ url: answer.url, hasCode: answer.body.includes(CODE) }).toEqual({
        url: answer.url,
        hasCode: false,
      });
  });
});
