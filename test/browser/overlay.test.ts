import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OverlayKeyRepository } from '../../src/channels/overlay-key-repository.ts';
import { useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors, screenshot } from './chromium.ts';
import type { WebServer } from './web-server.ts';

interface DrawnRaffle {
  raffleId: number;
  drawnAt: string;
  winners: { position: number; login: string; itemName: string | null }[];
}

// The overlay as OBS shows it, in a real Chromium, following the real event stream of the real server.
describe.skipIf(!browserTestsRun)('the OBS overlay in Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let overlayUrl: string;

  const web = useBrowserWorld();

  beforeAll(async () => {
    ({ server, browser } = web);
    const key = await new OverlayKeyRepository(server.database.db).ofChannel(server.channel.id);
    overlayUrl = `${server.url}/overlay/${server.channel.login}?key=${key}`;
    await server.post(`/api/v1/channels/${server.channel.login}/items`, {
      text: 'skin dourada:50x*, chave rara:5x*',
    });
  });
  afterEach(async () => {
    expect(errors, 'errors reported by the page').toEqual([]);
    await page?.close();
  });

  const openOverlay = async (url = overlayUrl, options: { reducedMotion?: 'reduce' } = {}) => {
    page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'pt-BR', ...options });
    errors = collectPageErrors(page);
    return page.goto(url);
  };
  const live = () => page.locator('body[data-connection="live"]').waitFor({ timeout: 10_000 });
  const draw = async (winners = 1) =>
    (await server.post(`/api/v1/channels/${server.channel.login}/raffles`, {
      winners,
    })) as unknown as DrawnRaffle;
  const revealed = (login: string) =>
    page.locator('.reveal[data-state="revealed"]', { has: page.locator('.name', { hasText: login }) });

  it('reveals a draw made through the API within a second, over a transparent page', async () => {
    await openOverlay();
    await live();
    const backgrounds = await page.evaluate(() => [
      getComputedStyle(document.documentElement).backgroundColor,
      getComputedStyle(document.body).backgroundColor,
    ]);
    expect(backgrounds).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);

    const raffle = await draw();
    const winner = raffle.winners[0];
    const card = revealed(winner?.login ?? '');
    await card.waitFor({ timeout: 5000 });
    await expect(card.locator('.prize').textContent()).resolves.toBe(`ganhou ${winner?.itemName}`);
    const body = page.locator('body');
    const published = Number(await body.getAttribute('data-last-draw-published-at'));
    const arrived = Number(await body.getAttribute('data-last-draw-arrived-at'));
    const delay = Number(await card.getAttribute('data-revealed-at')) - published;
    console.log(
      `overlay: draw committed and published → event in the page ${arrived - published} ms → winner on screen ${delay} ms`,
    );
    expect(delay).toBeLessThan(1000);

    await card.evaluate((element) =>
      Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)),
    );
    // A checkerboard behind the page, only for the picture: the transparency shows in the PNG.
    await page.evaluate(() => {
      document.documentElement.style.background =
        'repeating-conic-gradient(#2b2b33 0 25%, #1b1b22 0 50%) 0 0 / 48px 48px';
    });
    await screenshot(page, 'overlay-reveal.png');
  });

  it('reveals each winner of a draw in turn', async () => {
    await openOverlay();
    await live();
    const raffle = await draw(2);
    for (const winner of raffle.winners) await revealed(winner.login).waitFor({ timeout: 10_000 });
  });

  it('comes back by itself after the server restarts', async () => {
    await openOverlay();
    await live();
    await server.restart();
    await live();
    const raffle = await draw();
    await revealed(raffle.winners[0]?.login ?? '').waitFor({ timeout: 5000 });
    // While the server was down Chromium reported the refused connections of the event stream.
    errors.splice(
      0,
      errors.length,
      ...errors.filter(
        (error) => !/events\?key=.*ERR_CONNECTION_REFUSED|ERR_CONNECTION_REFUSED.*events\?key=/.test(error),
      ),
    );
  });

  it('gives a wrong key nothing: a 403 page and a refused event stream', async () => {
    const url = `${server.url}/overlay/${server.channel.login}?key=not-the-key`;
    const response = await openOverlay(url);
    expect(response?.status()).toBe(403);
    const text = await page.locator('body').textContent();
    expect(text).toContain('Este link de overlay não vale');
    expect(text).not.toContain(server.channel.login);
    await expect(page.locator('#stage').count()).resolves.toBe(0);
    const stream = await page.evaluate(
      (login) => fetch(`/api/v1/channels/${login}/events?key=not-the-key`).then((answer) => answer.status),
      server.channel.login,
    );
    expect(stream).toBe(403);
    errors.splice(0, errors.length, ...errors.filter((error) => !error.includes('status of 403')));
  });

  it('plays a demo reveal with ?demo=1, without motion for viewers who asked for less', async () => {
    await openOverlay(`${overlayUrl}&demo=1`, { reducedMotion: 'reduce' });
    const card = revealed('ana_gamer');
    await card.waitFor({ timeout: 5000 });
    await expect(card.locator('.prize').textContent()).resolves.toBe('ganhou skin dourada');
    const animation = await card.locator('.name').evaluate((name) => getComputedStyle(name).animationName);
    expect(animation).toBe('none');
  });
});
