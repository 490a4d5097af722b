import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OverlayKeyRepository } from '../../src/channels/overlay-key-repository.ts';
import type { RaffleView } from '../../src/contract/raffle.ts';
import { asService } from '../helpers/app.ts';
import { useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors, screenshot } from './chromium.ts';

const CHAIN = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
const ROUND = 4242;

// Draws with public randomness (SPEC §4.1) on the OBS overlay, in Chromium against the real server: the
// events the draw service publishes (raffle.snapshot, then raffle.drawn or raffle.voided) are published
// on the world's event bus as it would, for raffles really drawn beforehand (so their proofs exist).
describe.skipIf(!browserTestsRun)('drand rounds on the OBS overlay in Chromium', () => {
  const web = useBrowserWorld();
  let page: Page;
  let errors: string[];
  let overlayUrl: string;
  let raffles: RaffleView[];

  beforeAll(async () => {
    const { server } = web;
    const key = await new OverlayKeyRepository(server.database.db).ofChannel(server.channel.id);
    overlayUrl = `${server.url}/overlay/${server.channel.login}?key=${key}`;
    await server.post(`/api/v1/channels/${server.channel.login}/items`, { text: 'skin dourada:50x*' });
    // Drawn at once (§4), before any overlay opens: the events below tell their story again with a round.
    const settings = await fetch(`${server.url}/api/v1/channels/${server.channel.login}/settings`, {
      method: 'PATCH',
      headers: { ...asService, 'content-type': 'application/json' },
      body: JSON.stringify({ publicRandomness: false }),
    });
    expect(settings.status).toBe(200);
    raffles = [];
    for (let index = 0; index < 2; index++) {
      raffles.push(
        (await server.post(`/api/v1/channels/${server.channel.login}/raffles`, {
          winners: 1,
        })) as unknown as RaffleView,
      );
    }
  });
  afterEach(async () => {
    expect(errors, 'errors reported by the page').toEqual([]);
    await page?.close();
  });

  const openOverlay = async (query = '') => {
    page = await web.browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'pt-BR' });
    errors = collectPageErrors(page);
    await page.goto(`${overlayUrl}${query}`);
    await page.locator('body[data-connection="live"]').waitFor({ timeout: 10_000 });
  };
  const raffleAt = (index: number) => {
    const raffle = raffles[index];
    if (!raffle) throw new Error(`no raffle ${index}`);
    return raffle;
  };
  const channelFields = () => ({ channel: web.server.channel.login, channelId: web.server.channel.id });
  /** As the draw service publishes it when it freezes the list: round ROUND comes in `seconds`. */
  const publishSnapshot = (raffle: RaffleView, seconds: number, dueAt: string | null = null) => {
    const roundAt = new Date(Date.now() + seconds * 1000).toISOString();
    const beacon = { chainHash: CHAIN, round: ROUND, roundAt, randomness: null };
    web.server.services.events.publish({
      type: 'raffle.snapshot',
      ...channelFields(),
      raffleId: raffle.raffleId,
      entrantsDigest: raffle.entrantsDigest ?? '',
      snapshotAt: new Date().toISOString(),
      round: ROUND,
      chainHash: CHAIN,
      roundAt,
      trigger: 'dashboard',
      requestedByGuild: null,
      sessionId: null,
      raffle: { ...raffle, status: 'pending', seed: null, drawnAt: null, winners: [], beacon, dueAt },
    });
    return beacon;
  };
  const waitingLine = (raffle: RaffleView) =>
    page.locator(`#beacon-waits .beacon-wait[data-raffle="${raffle.raffleId}"]`);

  it('says which drand round a draw waits for, counts down to it, then reveals the winner with the round', async () => {
    await openOverlay();
    const raffle = raffleAt(0);
    const beacon = publishSnapshot(raffle, 6);
    const line = waitingLine(raffle);
    await line.locator('.countdown').waitFor({ timeout: 5000 });
    await expect(line.getAttribute('data-state')).resolves.toBe('waiting');
    await expect(line.locator('.what').textContent()).resolves.toBe(`aguardando a rodada ${ROUND} do drand…`);
    const first = (await line.locator('.countdown').textContent()) ?? '';
    expect(first).toMatch(/^[3-6] s$/);
    // The countdown moves on its own.
    await line.locator('.countdown', { hasNotText: first }).waitFor({ timeout: 3000 });
    await screenshot(page, 'overlay-beacon-waiting.png');

    web.server.services.events.publish({
      type: 'raffle.drawn',
      ...channelFields(),
      raffleId: raffle.raffleId,
      trigger: 'dashboard',
      requestedByGuild: null,
      sessionId: null,
      position: null,
      replaced: null,
      raffle: { ...raffle, beacon: { ...beacon, randomness: 'ab'.repeat(32) } },
    });
    const winner = raffle.winners[0]?.login ?? '';
    const reveal = page.locator('.reveal[data-state="revealed"]', {
      has: page.locator('.name', { hasText: winner }),
    });
    await reveal.waitFor({ timeout: 5000 });
    await expect(reveal.locator('.round').textContent()).resolves.toBe(`rodada ${ROUND} do drand`);
    await expect(line.count()).resolves.toBe(0);
  });

  it('in English: says a draw whose round never came is void, then lets the line fade', async () => {
    await openOverlay('&lang=en');
    const raffle = raffleAt(1);
    publishSnapshot(raffle, 3);
    const line = waitingLine(raffle);
    await expect(line.locator('.what').textContent()).resolves.toBe(`waiting for drand round ${ROUND}…`);

    web.server.services.events.publish({
      type: 'raffle.voided',
      ...channelFields(),
      raffleId: raffle.raffleId,
      reason: 'beacon_unavailable',
      sessionId: null,
      raffle: { ...raffle, status: 'void', reason: 'beacon_unavailable', seed: null, winners: [] },
    });
    const voided = page.locator(`#beacon-waits .beacon-wait[data-state="voided"]`);
    await voided.waitFor({ timeout: 5000 });
    await expect(voided.textContent()).resolves.toBe('draw void: the drand round never came');
    await expect(voided.locator('.countdown').count()).resolves.toBe(0);
    await expect(page.locator('.reveal').count()).resolves.toBe(0);
    await voided.waitFor({ state: 'detached', timeout: 12_000 });
  });

  it('counts down to a session tick’s due time when its list was frozen ahead of it', async () => {
    await openOverlay();
    const raffle = raffleAt(0);
    // The scheduler freezes a tick's list a few seconds early; the draw waits for the due time.
    publishSnapshot(raffle, 1, new Date(Date.now() + 9000).toISOString());
    const countdown = waitingLine(raffle).locator('.countdown');
    await countdown.waitFor({ timeout: 5000 });
    await expect(countdown.textContent()).resolves.toMatch(/^[6-9] s$/);
  });
});
