import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { asService } from '../helpers/app.ts';
import { useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors } from './chromium.ts';

interface RaffleView {
  raffleId: number;
  winners: {
    position: number;
    userId: string;
    login: string;
    claim: { state: string; claimedAt: string | null } | null;
  }[];
  replaced: { position: number; login: string; reason: string }[];
}

type ProofJson = {
  winners: { claim?: unknown }[];
  replaced: { reason?: string }[];
};

// The proof page of a draw with claim windows, in Chromium against the real server: slot 1's first
// winner lets the window run out and the redrawn one claims in chat; slot 2 is never claimed and is
// forfeited. The page tells each slot's story and still verifies ✓ — and so does the same proof without
// its claim fields, as proofs made before claim windows existed look.
describe.skipIf(!browserTestsRun)('the claim story on the proof page in Chromium', () => {
  const web = useBrowserWorld();
  let page: Page;
  let errors: string[];
  let raffle: RaffleView;

  const readRaffle = async (raffleId: number): Promise<RaffleView> => {
    const response = await fetch(`${web.server.url}/api/v1/raffles/${raffleId}`, { headers: asService });
    return (await response.json()) as RaffleView;
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
    await server.post(`/api/v1/channels/${login}/items`, { text: 'skin dourada:50x*' });
    const settings = await fetch(`${server.url}/api/v1/channels/${login}/settings`, {
      method: 'PATCH',
      headers: { ...asService, 'content-type': 'application/json' },
      body: JSON.stringify({ claimEnabled: true, claimSeconds: 5, claimMaxRedraws: 1, claimWord: '!claim' }),
    });
    expect(settings.status).toBe(200);
    const drawn = (await server.post(`/api/v1/channels/${login}/raffles`, {
      winners: 2,
    })) as unknown as RaffleView;

    // Nobody claims the first windows; slot 1's second holder then claims, slot 2's does not.
    const redrawn = await vi.waitFor(
      async () => {
        const now = await readRaffle(drawn.raffleId);
        expect(now.replaced.map((holder) => holder.position).sort()).toEqual([1, 2]);
        return now;
      },
      { timeout: 15_000, interval: 100 },
    );
    const second = redrawn.winners.find((winner) => winner.position === 1);
    server.fake.pushChatMessage({ chatter: second?.login ?? '', text: '!claim' });
    raffle = await vi.waitFor(
      async () => {
        const now = await readRaffle(drawn.raffleId);
        expect(now.winners.map((winner) => winner.claim?.state)).toEqual(['claimed', 'forfeited']);
        return now;
      },
      { timeout: 15_000, interval: 100 },
    );
  }, 60_000);
  afterAll(async () => {
    await web.server.services.claims.stop();
  });
  afterEach(async () => {
    expect(errors, 'errors reported by the page').toEqual([]);
    await page?.close();
  });

  const openPage = async () => {
    page = await web.browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'pt-BR' });
    errors = collectPageErrors(page);
  };
  const story = (position: number) => page.locator(`#replaced li[data-position="${position}"]`);
  const login = (position: number, list: { position: number; login: string }[]) =>
    list.find((holder) => holder.position === position)?.login ?? '';

  it('tells each slot’s claim story in plain words and verifies ✓', async () => {
    await openPage();
    await page.goto(`${web.server.url}/r/${raffle.raffleId}`);
    const claimedAt = raffle.winners[0]?.claim?.claimedAt ?? '';
    const time = new Intl.DateTimeFormat('pt-BR', { timeStyle: 'medium' }).format(new Date(claimedAt));
    await story(1).waitFor();
    await expect(story(1).textContent()).resolves.toBe(
      `#1 skin dourada: @${login(1, raffle.replaced)} não resgatou a tempo → @${login(1, raffle.winners)} resgatou às ${time}`,
    );
    await expect(story(2).textContent()).resolves.toBe(
      `#2 skin dourada: @${login(2, raffle.replaced)} não resgatou a tempo → @${login(2, raffle.winners)} também não resgatou: o prêmio voltou ao estoque`,
    );
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.locator('#verify-result.ok').waitFor({ timeout: 10_000 });
  });

  it('verifies the same proof without claim fields, as older proofs are, and still names the redraws', async () => {
    await openPage();
    await page.route(`**/api/v1/raffles/${raffle.raffleId}/proof`, async (route) => {
      const response = await route.fetch();
      const proof = (await response.json()) as ProofJson;
      for (const winner of proof.winners) delete winner.claim;
      for (const holder of proof.replaced) delete holder.reason;
      await route.fulfill({ response, json: proof });
    });
    await page.goto(`${web.server.url}/r/${raffle.raffleId}?lang=en`);
    await story(1).waitFor();
    await expect(story(1).textContent()).resolves.toBe(
      `#1 skin dourada: @${login(1, raffle.replaced)} was replaced by a redraw → @${login(1, raffle.winners)}`,
    );
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('#verify-result.ok').waitFor({ timeout: 10_000 });
  });
});
