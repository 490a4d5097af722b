import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OverlayKeyRepository } from '../../src/channels/overlay-key-repository.ts';
import { asService } from '../helpers/app.ts';
import { useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors, screenshot } from './chromium.ts';

interface DrawnRaffle {
  raffleId: number;
  winners: { position: number; login: string; itemName: string | null }[];
}

// The overlay after a draw with claim windows, and while entries are open, in Chromium against the
// real server: the claim word and the entry word are typed in the fake Twitch chat, the claim expiry
// pass runs as in production.
describe.skipIf(!browserTestsRun)('claims and entries on the OBS overlay in Chromium', () => {
  const web = useBrowserWorld();
  let page: Page;
  let errors: string[];
  let overlayUrl: string;

  beforeAll(async () => {
    const { server } = web;
    const listener = server.services.chatListener;
    if (!listener || !server.channel.twitchUserId) throw new Error('the test server listens to no chat');
    const subscribed = listener.subscribed();
    listener.listen(server.channel.id, server.channel.twitchUserId);
    await subscribed;
    await server.services.claims.start();
    const key = await new OverlayKeyRepository(server.database.db).ofChannel(server.channel.id);
    overlayUrl = `${server.url}/overlay/${server.channel.login}?key=${key}`;
    await server.post(`/api/v1/channels/${server.channel.login}/items`, { text: 'skin dourada:50x*' });
  });
  afterAll(async () => {
    await web.server.services.claims.stop();
  });
  afterEach(async () => {
    expect(errors, 'errors reported by the page').toEqual([]);
    await page?.close();
  });

  const call = async (method: 'PATCH' | 'DELETE' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${web.server.url}/api/v1/channels/${web.server.channel.login}${path}`, {
      method,
      headers: { ...asService, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const openOverlay = async (query = '') => {
    page = await web.browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'pt-BR' });
    errors = collectPageErrors(page);
    await page.goto(`${overlayUrl}${query}`);
    await page.locator('body[data-connection="live"]').waitFor({ timeout: 10_000 });
  };
  const draw = async () =>
    (await web.server.post(`/api/v1/channels/${web.server.channel.login}/raffles`, {
      winners: 1,
    })) as unknown as DrawnRaffle;
  const line = (state: string, login: string) =>
    page.locator(`#claims .claim[data-state="${state}"]`, { hasText: `@${login}` });

  it('shows "aguardando @winner…" with a countdown after the reveal, then ✓ when they claim', async () => {
    await call('PATCH', '/settings', { claimEnabled: true, claimSeconds: 90, claimWord: '!claim' });
    await openOverlay();
    const raffle = await draw();
    const winner = raffle.winners[0]?.login ?? '';
    const waiting = line('waiting', winner);
    await waiting.waitFor({ timeout: 5000 });
    await expect(waiting.locator('.who').textContent()).resolves.toBe(`aguardando @${winner}…`);
    await expect(waiting.locator('.countdown').textContent()).resolves.toMatch(/^1:(2\d|30)$/);
    await screenshot(page, 'overlay-claim-waiting.png');

    web.server.fake.pushChatMessage({ chatter: winner, text: '!CLAIM' });
    const claimed = line('claimed', winner);
    await claimed.waitFor({ timeout: 5000 });
    await expect(claimed.textContent()).resolves.toBe(`✓ @${winner} resgatou!`);
  });

  it('moves the countdown to the new deadline when a window starts again after downtime', async () => {
    await call('PATCH', '/settings', { claimEnabled: true, claimSeconds: 600 });
    await openOverlay();
    const raffle = (await web.server.post(`/api/v1/channels/${web.server.channel.login}/raffles`, {
      winners: 1,
    })) as unknown as DrawnRaffle & { winners: { userId: string }[] };
    const winner = raffle.winners[0];
    if (!winner) throw new Error('nobody won');
    const waiting = line('waiting', winner.login);
    await waiting.locator('.countdown', { hasText: /^(10:00|9:\d\d)$/ }).waitFor({ timeout: 5000 });
    // As the claim service publishes it when the API comes back (the window itself is not changed here).
    web.server.services.events.publish({
      type: 'raffle.claim_restarted',
      channel: web.server.channel.login,
      channelId: web.server.channel.id,
      raffleId: raffle.raffleId,
      position: winner.position,
      userId: winner.userId,
      login: winner.login,
      deadline: new Date(Date.now() + 45_000).toISOString(),
      raffle: raffle as never,
    });
    await waiting.locator('.countdown', { hasText: /^4\d s$/ }).waitFor({ timeout: 5000 });
    await expect(page.locator('#claims .claim').count()).resolves.toBe(1);
  });

  it('in English: a winner who does not claim is replaced by the redrawn one, who forfeits the slot', async () => {
    await call('PATCH', '/settings', { claimEnabled: true, claimSeconds: 5, claimMaxRedraws: 1 });
    await openOverlay('&lang=en');
    const raffle = await draw();
    const first = raffle.winners[0]?.login ?? '';
    await line('waiting', first).waitFor({ timeout: 5000 });
    await expect(line('waiting', first).locator('.who').textContent()).resolves.toBe(
      `waiting for @${first}…`,
    );
    await line('unclaimed', first).waitFor({ timeout: 10_000 });
    await expect(line('unclaimed', first).textContent()).resolves.toBe(`@${first} did not claim in time`);
    // The slot's new holder is revealed, then waits, then forfeits (claimMaxRedraws: 1).
    const second = page.locator('#claims .claim[data-state="waiting"]');
    await second.waitFor({ timeout: 5000 });
    const next = ((await second.locator('.who').textContent()) ?? '').replace(/^waiting for @|…$/g, '');
    expect(next).not.toBe(first);
    await line('forfeited', next).waitFor({ timeout: 10_000 });
    await expect(line('forfeited', next).textContent()).resolves.toBe(`@${next}: not claimed`);
  }, 45_000);

  it('shows the running entry count while entries are open, and the final count once closed', async () => {
    await call('PATCH', '/settings', { claimEnabled: false });
    await openOverlay();
    await call('POST', '/entries', { keyword: '!eu' });
    const box = page.locator('#entries[data-open="true"]');
    await box.waitFor({ timeout: 5000 });
    await expect(box.locator('.entries-hint').textContent()).resolves.toBe('digite !eu no chat');
    const chatters = web.server.fake.channel().chatterIds;
    for (const chatterId of chatters.slice(-2)) {
      web.server.fake.pushChatMessage({ chatter: chatterId, text: '!eu' });
    }
    await page.locator('#entries[data-count="2"]').waitFor({ timeout: 5000 });
    await expect(box.locator('.entries-count').textContent()).resolves.toBe('2 inscritos');
    await screenshot(page, 'overlay-entries.png');

    await call('DELETE', '/entries');
    const closed = page.locator('#entries[data-open="false"]');
    await closed.waitFor({ timeout: 5000 });
    await expect(closed.textContent()).resolves.toBe('Inscrições encerradas2 inscritos');
  });
});
