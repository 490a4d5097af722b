import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { roundAt } from '../../src/raffles/beacon-chain.ts';
import { TEST_BEACON } from '../helpers/beacon-chain.ts';
import { useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors, screenshot } from './chromium.ts';

// The proof page of a draw with public randomness (SPEC §4.1) before it has a result, in Chromium
// against the real server: still waiting for its drand round, or void because the round never came.
// Both read plainly, and neither makes the page fail.
describe.skipIf(!browserTestsRun)('the proof page of a draw without its drand round yet, in Chromium', () => {
  const web = useBrowserWorld();
  let page: Page;
  let errors: string[];

  afterEach(async () => {
    expect(errors, 'errors reported by the page').toEqual([]);
    await page?.close();
  });

  const openPage = async (path: string) => {
    page = await web.browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'pt-BR' });
    errors = collectPageErrors(page);
    await page.goto(`${web.server.url}${path}`);
  };
  /** A raffle of the sandbox channel with a frozen list, anchored to the round `seconds` from now. */
  const waitingRaffle = async (seconds: number) => {
    const { raffleRepository } = web.server.services;
    const { id } = await raffleRepository.createPending({
      channelId: web.server.channel.id,
      winnersRequested: 1,
    });
    await raffleRepository.snapshotAndFreeze(id, [
      { userId: '7', login: 'ana', weight: 1 },
      { userId: '8', login: 'bia', weight: 2 },
    ]);
    const round = roundAt(TEST_BEACON.chain, Date.now() + seconds * 1000) + 1;
    expect(await raffleRepository.anchorToRound(id, TEST_BEACON.chain, round)).toBe(true);
    return { id, round };
  };

  it('says which round a pending draw waits for and when it comes, instead of an error', async () => {
    const { id, round } = await waitingRaffle(60);
    await openPage(`/r/${id}`);
    const notice = page.locator(`section[data-status="pending"][data-round="${round}"]`);
    await expect(notice.locator('h2').textContent()).resolves.toBe(`Aguardando a rodada ${round} do drand`);
    await expect(page.locator('#waiting-round').textContent()).resolves.toMatch(
      new RegExp(`^O sorteio espera a rodada ${round} do drand, que sai em .+ UTC\\.`),
    );
    await expect(page.locator('#commitment').textContent()).resolves.toMatch(/^[0-9a-f]{64}$/);
    await expect(page.locator('#verify-button').count()).resolves.toBe(0);
    await screenshot(page, 'proof-page-waiting-round.png');
  });

  it('in English: says a draw void without its round was never drawn, with nothing to check', async () => {
    const { id, round } = await waitingRaffle(-200);
    await web.server.services.raffleRepository.voidWithoutBeacon(120);
    await openPage(`/r/${id}?lang=en`);
    const notice = page.locator('section[data-status="void"][data-reason="beacon_unavailable"]');
    await expect(notice.locator('h2').textContent()).resolves.toBe('Nobody was drawn');
    await expect(page.locator('#void-round').textContent()).resolves.toMatch(
      new RegExp(`^The round it waited for: drand round ${round}, due on .+ UTC\\.$`),
    );
    // Never drawn: the commitment stays, with nothing to list or check.
    await expect(page.locator('#commitment').textContent()).resolves.toMatch(/^[0-9a-f]{64}$/);
    await expect(page.locator('#seed').count()).resolves.toBe(0);
    await expect(page.locator('#verify-button').count()).resolves.toBe(0);
    await expect(page.locator('#entrants').count()).resolves.toBe(0);
    await screenshot(page, 'proof-page-void-round.png');
  });
});
