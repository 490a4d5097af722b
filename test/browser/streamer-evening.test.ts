import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { asService } from '../helpers/app.ts';
import { PUBLIC_URL, useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors } from './chromium.ts';

// Issue 5's whole scenario in one go, in Chromium against the real server and the fake Twitch: log in,
// paste prizes, see the chances, start a session, watch the overlay (a second page, opened with the
// address the dashboard shows) reveal the session's draw within a second, stop the session, open the
// draw's proof page and get ✓ — and ✗ when the proof is tampered with. No page reports an error.
describe.skipIf(!browserTestsRun)("a streamer's evening in Chromium", () => {
  const web = useBrowserWorld({ scheduler: true, dashboard: true });
  let overlay: Page;

  it('logs in, sets up prizes, runs a session seen on the overlay, and checks a proof', async () => {
    await web.page.goto(web.server.url);
    await web.page.getByRole('link', { name: 'Entrar com a Twitch' }).click();
    await web.page.getByRole('button', { name: 'Autorizar' }).click();
    await web.page.waitForURL(`${web.server.url}/`);

    await web.page.getByLabel('Colar uma lista').fill('skin dourada:50x*, skin prata:30x*');
    await web.page.getByRole('button', { name: 'Adicionar lista' }).click();
    const chance = (name: string) =>
      web.page.locator(`#prize-rows tr[data-item="${name}"] td.chance`).textContent();
    await web.page.locator('#prize-rows tr[data-item="skin prata"]').waitFor();
    await expect(chance('skin dourada')).resolves.toBe('62,5 %');
    await expect(chance('skin prata')).resolves.toBe('37,5 %');

    // The overlay, in a second page, at the address the dashboard gives.
    const overlayAddress = await web.page.locator('#overlay-url').inputValue();
    expect(overlayAddress).toMatch(/\/overlay\/kinoyu_sandbox\?key=[0-9a-f]{32,}/);
    overlay = await web.context.newPage();
    const overlayErrors = collectPageErrors(overlay);
    await overlay.goto(overlayAddress.replace(PUBLIC_URL, web.server.url));
    await overlay.locator('body[data-connection="live"]').waitFor({ timeout: 10_000 });

    await web.page.getByLabel('Intervalo (segundos)').fill('2');
    await web.page.getByLabel('Chance por intervalo (0 a 1)').fill('1');
    await web.page.getByRole('button', { name: 'Iniciar sessão' }).click();
    await web.page.locator('#session-status[data-active="true"]').waitFor();

    const card = overlay.locator('.reveal[data-state="revealed"]').first();
    await card.waitFor({ timeout: 15_000 });
    const body = overlay.locator('body');
    const published = Number(await body.getAttribute('data-last-draw-published-at'));
    const delay = Number(await card.getAttribute('data-revealed-at')) - published;
    console.log(`overlay: session draw published → winner on screen in ${delay} ms`);
    expect(delay).toBeLessThan(1000);
    const winner = (await card.locator('.name').textContent())?.trim() ?? '';
    expect(winner).not.toBe('');

    await web.page.getByRole('button', { name: 'Parar sessão' }).click();
    await web.page.locator('#session-status[data-active="false"]').waitFor();

    // The draw the overlay showed, from the history, and its proof page.
    const history = await fetch(
      `${web.server.url}/api/v1/channels/${web.server.channel.login}/raffles?limit=100`,
      {
        headers: asService,
      },
    ).then(
      (response) =>
        response.json() as Promise<{ raffles: { raffleId: number; winners: { login: string }[] }[] }>,
    );
    const shown = history.raffles.find((raffle) => raffle.winners.some((slot) => slot.login === winner));
    expect(shown, `a raffle won by ${winner}`).toBeDefined();
    const proofPage = await web.context.newPage();
    const proofErrors = collectPageErrors(proofPage);
    await proofPage.goto(`${web.server.url}/r/${shown?.raffleId}`);
    await proofPage.getByRole('button', { name: 'Verificar' }).click();
    await proofPage.locator('#verify-result.ok').waitFor({ timeout: 10_000 });
    await expect(proofPage.locator('#verify-result').textContent()).resolves.toContain('✓');

    // The same page with a proof changed on the way (a winner swapped): ✗.
    await proofPage.route(`**/api/v1/raffles/${shown?.raffleId}/proof`, async (route) => {
      const response = await route.fetch();
      const proof = await response.json();
      const winners = new Set(proof.winners.map((slot: { userId: string }) => slot.userId));
      const outsider = proof.entrants.find((entrant: { userId: string }) => !winners.has(entrant.userId));
      Object.assign(proof.winners[0], { userId: outsider.userId, login: outsider.login });
      await route.fulfill({ response, json: proof });
    });
    await proofPage.reload();
    await proofPage.getByRole('button', { name: 'Verificar' }).click();
    await proofPage
      .locator('#verify-result.bad li[data-code="winner_mismatch"]')
      .waitFor({ timeout: 10_000 });
    await expect(proofPage.locator('#verify-result').textContent()).resolves.toContain('✗');

    expect([...web.errors, ...overlayErrors, ...proofErrors], 'errors reported by the pages').toEqual([]);
  }, 90_000);
});
