import { beforeAll, describe, expect, it } from 'vitest';
import { OverlayKeyRepository } from '../../src/channels/overlay-key-repository.ts';
import type { RaffleView } from '../../src/contract/raffle.ts';
import { useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors, screenshot } from './chromium.ts';

// The whole draw with public randomness (SPEC §4.1), in Chromium against the real server and a local
// drand beacon (one round a second, as the sandbox's): the dashboard's "Sortear agora" freezes the
// list, waits for the round and shows the drawn raffle with it; its proof page checks the round's
// signature and the draw in the browser. Then a relay that stops answering: the API answers 202, the
// dashboard waits for the round, and the beacon waiter's draw arrives on the stream. And the OBS
// overlay of a draw: the wait for the round, then the reveal.
describe.skipIf(!browserTestsRun)('a draw with a drand round from the dashboard to the proof page', () => {
  const web = useBrowserWorld({ dashboard: true, beacon: true });

  beforeAll(async () => {
    const { server, page } = web;
    await server.post(`/api/v1/channels/${server.channel.login}/items`, { text: 'skin dourada:50x*' });
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Entrar com a Twitch' }).click();
    await page.waitForURL(`${server.fake.url}/**`);
    await page.getByRole('button', { name: 'Autorizar' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.locator('#live-status[data-live="true"]').waitFor();
  });

  /** The raffle the draw card shows, and its round as the database has it. */
  const shownRaffle = async () => {
    const id = Number(await web.page.locator('#draw-result').getAttribute('data-raffle'));
    const raffle = await web.server.services.raffleRepository.result(id);
    if (!raffle?.beacon) throw new Error(`raffle ${id} has no drand round`);
    return { id, round: raffle.beacon.round, winner: raffle.winners[0]?.login ?? '' };
  };

  it('draws with the round the API waited for, and the proof page verifies it in the browser', async () => {
    const { page } = web;
    await page.getByRole('button', { name: 'Sortear agora' }).click();
    const drawn = page.locator('#draw-result[data-status="drawn"]');
    await drawn.waitFor({ timeout: 10_000 });
    const { id, round, winner } = await shownRaffle();
    await expect(drawn.locator('.raffle-state[data-phase="drawn"]').textContent()).resolves.toBe(
      `rodada ${round} do drand`,
    );
    await expect(drawn.locator('.winners .login').textContent()).resolves.toBe(winner);
    const row = page.locator(`#history li[data-raffle="${id}"][data-status="drawn"]`);
    await row.locator('.raffle-state', { hasText: `rodada ${round} do drand` }).waitFor();

    await drawn.locator('a.proof-link').click();
    await page.waitForURL(`${web.server.url}/r/${id}`);
    // The local beacon's chain is the server's: the page checks the round with it, and says what it is.
    await page.locator('#beacon-check.ok').waitFor({ timeout: 10_000 });
    await expect(page.locator('#beacon').textContent()).resolves.toContain(`rodada ${round} do drand`);
    await page.locator('#beacon-sandbox').waitFor();
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.locator('#verify-result.ok').waitFor({ timeout: 10_000 });
    await screenshot(page, 'proof-page-drand-flow.png', { fullPage: true });
    await page.goBack();
    await page.locator('#live-status[data-live="true"]').waitFor();
    expect(web.errors, 'errors reported by the page').toEqual([]);
  });

  it('answers 202 when the round is late, shows the wait, and finishes when the waiter draws', async () => {
    const { page, server } = web;
    const answered = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/raffles'),
    );
    server.beacon.faults.down = 'unavailable';
    try {
      await page.getByRole('button', { name: 'Sortear agora' }).click();
      expect((await answered).status()).toBe(202);
      const waiting = page.locator('#draw-result[data-status="pending"]');
      await waiting.waitFor();
      const { id } = await shownRaffle();
      const pending = await server.services.raffleRepository.result(id);
      const round = pending?.beacon?.round;
      await expect(waiting.locator('.raffle-state[data-phase="waiting"]').textContent()).resolves.toBe(
        `Aguardando a rodada ${round} do drand…`,
      );
      await page.locator(`#history li[data-raffle="${id}"][data-status="pending"]`).waitFor();
      await screenshot(page, 'dashboard-drand-202.png');
    } finally {
      server.beacon.faults.down = false;
    }
    // The waiter (kicked every second by the scheduler in production) finds the round now.
    const waiter = server.services.beaconWaiter;
    if (!waiter) throw new Error('the server has no beacon waiter');
    const drawn = page.locator('#draw-result[data-status="drawn"]');
    for (let pass = 0; pass < 30 && (await drawn.count()) === 0; pass++) {
      await waiter.runOnce();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await drawn.waitFor();
    const { id, round, winner } = await shownRaffle();
    await expect(drawn.locator('.raffle-state').textContent()).resolves.toBe(`rodada ${round} do drand`);
    await expect(drawn.locator('.winners .login').textContent()).resolves.toBe(winner);
    await page.locator(`#history li[data-raffle="${id}"][data-status="drawn"]`).waitFor();
    // Chromium logs nothing for a 202: no error at all.
    expect(web.errors, 'errors reported by the page').toEqual([]);
  }, 45_000);

  it('shows the wait for the round on the OBS overlay, then reveals the winner with it', async () => {
    const { server } = web;
    const key = await new OverlayKeyRepository(server.database.db).ofChannel(server.channel.id);
    const overlay = await web.browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'pt-BR' });
    const errors = collectPageErrors(overlay);
    try {
      await overlay.goto(`${server.url}/overlay/${server.channel.login}?key=${key}`);
      await overlay.locator('body[data-connection="live"]').waitFor({ timeout: 10_000 });
      const drawing = server.post(`/api/v1/channels/${server.channel.login}/raffles`, { winners: 1 });
      // The round comes at least a second after the list is frozen: the line is there meanwhile.
      const line = overlay.locator('#beacon-waits .beacon-wait[data-state="waiting"]');
      await line.waitFor({ timeout: 5000 });
      // Read at once: the line goes when the draw arrives, a second or two later.
      const waitingText = await line.locator('.what').textContent({ timeout: 1000 });
      const raffle = (await drawing) as unknown as RaffleView;
      const round = raffle.beacon?.round;
      expect(waitingText).toBe(`aguardando a rodada ${round} do drand…`);
      const winner = raffle.winners[0]?.login ?? '';
      const reveal = overlay.locator('.reveal[data-state="revealed"]', {
        has: overlay.locator('.name', { hasText: winner }),
      });
      await reveal.waitFor({ timeout: 5000 });
      await expect(reveal.locator('.round').textContent()).resolves.toBe(`rodada ${round} do drand`);
      await expect(overlay.locator('#beacon-waits .beacon-wait').count()).resolves.toBe(0);
      expect(errors, 'errors reported by the overlay').toEqual([]);
    } finally {
      await overlay.close();
    }
  });
});
