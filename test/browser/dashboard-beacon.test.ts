import { beforeAll, describe, expect, it } from 'vitest';
import type { RaffleView } from '../../src/contract/raffle.ts';
import { asService } from '../helpers/app.ts';
import { useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, screenshot } from './chromium.ts';

const CHAIN = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
const ROUND = 4242;

// Draws with public randomness (SPEC §4.1) on the dashboard, in Chromium against the real server: the
// setting in the rules form, the "Sortear agora" answer 202 (its round had not come: the API's answer
// is replaced in the browser, since this server draws at once) finished by the stream's raffle.drawn,
// and the history's waiting, drawn-with-a-round and void rows. The draw service's events are published
// on the world's event bus as it would, for raffles really drawn beforehand (so their proofs exist).
describe.skipIf(!browserTestsRun)('drand rounds on the dashboard in Chromium', () => {
  const web = useBrowserWorld({ dashboard: true });
  let raffles: RaffleView[];

  const patchSettings = async (settings: Record<string, unknown>) => {
    const response = await fetch(`${web.server.url}/api/v1/channels/${web.server.channel.login}/settings`, {
      method: 'PATCH',
      headers: { ...asService, 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    const { server, page } = web;
    const { login } = server.channel;
    await server.post(`/api/v1/channels/${login}/items`, { text: 'skin dourada:50x*' });
    await patchSettings({ publicRandomness: false });
    raffles = [];
    for (let index = 0; index < 2; index++) {
      raffles.push(
        (await server.post(`/api/v1/channels/${login}/raffles`, { winners: 1 })) as unknown as RaffleView,
      );
    }
    await patchSettings({ publicRandomness: true });

    await page.goto(server.url);
    await page.getByRole('link', { name: 'Entrar com a Twitch' }).click();
    await page.waitForURL(`${server.fake.url}/**`);
    await page.getByRole('button', { name: 'Autorizar' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.locator('#live-status[data-live="true"]').waitFor();
  });

  const raffleAt = (index: number) => {
    const raffle = raffles[index];
    if (!raffle) throw new Error(`no raffle ${index}`);
    return raffle;
  };
  const channelFields = () => ({ channel: web.server.channel.login, channelId: web.server.channel.id });
  const waitingFor = (raffle: RaffleView, seconds: number): RaffleView => ({
    ...raffle,
    status: 'pending',
    seed: null,
    drawnAt: null,
    winners: [],
    beacon: {
      chainHash: CHAIN,
      round: ROUND,
      roundAt: new Date(Date.now() + seconds * 1000).toISOString(),
      randomness: null,
    },
  });
  const historyRow = (raffle: RaffleView) =>
    web.page.locator(`#history li[data-raffle="${raffle.raffleId}"]`);

  it('explains the public randomness setting and saves it off and on', async () => {
    const { page } = web;
    const toggle = page.getByLabel('Aleatoriedade pública (drand)');
    await expect(toggle.isChecked()).resolves.toBe(true);
    await expect(page.locator('#rule-publicRandomness-help').textContent()).resolves.toContain(
      'nem quem opera o servidor consegue escolher o resultado',
    );
    await toggle.uncheck();
    await page.getByRole('button', { name: 'Salvar regras' }).click();
    await page.locator('#rules-message', { hasText: 'Salvo.' }).waitFor();
    await expect(web.server.services.settings.get(web.server.channel.id)).resolves.toMatchObject({
      publicRandomness: false,
    });
    await expect(toggle.isChecked()).resolves.toBe(false);

    await toggle.check();
    await page.getByRole('button', { name: 'Salvar regras' }).click();
    await page.locator('#rules-message', { hasText: 'Salvo.' }).waitFor();
    await expect(web.server.services.settings.get(web.server.channel.id)).resolves.toMatchObject({
      publicRandomness: true,
    });
  });

  it('shows a draw answered 202 as waiting for its round, and finishes it when raffle.drawn arrives', async () => {
    const { page } = web;
    const raffle = raffleAt(0);
    const pending = waitingFor(raffle, 5);
    // The API answers 202 when the round has not come 2 s after its time (SPEC §4.1).
    await page.route(`**/api/v1/channels/${web.server.channel.login}/raffles`, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 202, contentType: 'application/json', body: JSON.stringify(pending) })
        : route.fallback(),
    );
    await page.getByRole('button', { name: 'Sortear agora' }).click();
    const result = page.locator(`#draw-result[data-raffle="${raffle.raffleId}"][data-status="pending"]`);
    await result.waitFor();
    const state = result.locator('.raffle-state[data-phase="waiting"]');
    await expect(state.textContent()).resolves.toMatch(
      new RegExp(`^Aguardando a rodada ${ROUND} do drand \\(sorteio em [1-5] s\\)…$`),
    );
    await expect(result.locator('.winners').count()).resolves.toBe(0);
    await historyRow(raffle).locator('.raffle-state[data-phase="waiting"]').waitFor();
    await expect(page.locator('#draw-message').textContent()).resolves.toBe('');
    await screenshot(page, 'dashboard-beacon-waiting.png');
    await page.unroute(`**/api/v1/channels/${web.server.channel.login}/raffles`);

    const winner = raffle.winners[0]?.login ?? '';
    web.server.services.events.publish({
      type: 'raffle.drawn',
      ...channelFields(),
      raffleId: raffle.raffleId,
      trigger: 'dashboard',
      requestedByGuild: null,
      sessionId: null,
      position: null,
      replaced: null,
      raffle: { ...raffle, beacon: { ...(pending.beacon ?? ({} as never)), randomness: 'ab'.repeat(32) } },
    });
    const drawn = page.locator(`#draw-result[data-raffle="${raffle.raffleId}"][data-status="drawn"]`);
    await drawn.locator('.winners .login', { hasText: winner }).waitFor();
    await expect(drawn.locator('.raffle-state').textContent()).resolves.toBe(`rodada ${ROUND} do drand`);
    await expect(drawn.locator('a.proof-link').getAttribute('href')).resolves.toBe(`/r/${raffle.raffleId}`);
    const row = historyRow(raffle);
    await row.locator('.raffle-state[data-phase="drawn"]', { hasText: `rodada ${ROUND} do drand` }).waitFor();
    await expect(row.locator('.login').textContent()).resolves.toBe(winner);
    await expect(row.getAttribute('data-status')).resolves.toBe('drawn');
  });

  it('shows a session draw waiting for its round in the history, then void with its reason', async () => {
    const { page } = web;
    const raffle = raffleAt(1);
    const pending = waitingFor(raffle, 3);
    web.server.services.events.publish({
      type: 'raffle.snapshot',
      ...channelFields(),
      raffleId: raffle.raffleId,
      entrantsDigest: raffle.entrantsDigest ?? '',
      snapshotAt: new Date().toISOString(),
      round: ROUND,
      chainHash: CHAIN,
      roundAt: pending.beacon?.roundAt ?? '',
      trigger: 'session',
      requestedByGuild: null,
      sessionId: null,
      raffle: pending,
    });
    const row = historyRow(raffle);
    await row.locator('.raffle-state[data-phase="waiting"]').waitFor();
    await expect(row.getAttribute('data-status')).resolves.toBe('pending');
    // A session's draw is not the one the draw card is showing.
    await expect(page.locator('#draw-result').getAttribute('data-raffle')).resolves.toBe(
      String(raffleAt(0).raffleId),
    );
    // Past its time the line no longer counts (the round is due any moment).
    await row
      .locator('.raffle-state', { hasText: new RegExp(`^Aguardando a rodada ${ROUND} do drand…$`) })
      .waitFor({ timeout: 6000 });

    web.server.services.events.publish({
      type: 'raffle.voided',
      ...channelFields(),
      raffleId: raffle.raffleId,
      reason: 'beacon_unavailable',
      sessionId: null,
      raffle: { ...pending, status: 'void', reason: 'beacon_unavailable' },
    });
    const voided = row.locator('.raffle-state[data-phase="void"]');
    await voided.waitFor();
    await expect(voided.textContent()).resolves.toBe(
      'Anulado: a rodada do drand não chegou em 2 minutos (a semente segue secreta).',
    );
    await expect(row.getAttribute('data-status')).resolves.toBe('void');
    await page
      .locator('#toast.visible', {
        hasText: `Sorteio #${raffle.raffleId} anulado: a rodada do drand não chegou em 2 minutos`,
      })
      .waitFor();
    expect(web.errors, 'errors reported by the page').toEqual([]);
  });

  it('in English: words the setting and a void row', async () => {
    const { page } = web;
    await page.goto(`${web.server.url}/?lang=en`);
    await page.locator('#live-status[data-live="true"]').waitFor();
    await page.getByLabel('Public randomness (drand)').waitFor();
    await expect(page.locator('#rule-publicRandomness-help').textContent()).resolves.toContain(
      'not even whoever runs the server can pick the result',
    );
    const raffle = raffleAt(1);
    // The history comes from the API: this raffle is really drawn there; the stream says otherwise below.
    web.server.services.events.publish({
      type: 'raffle.voided',
      ...channelFields(),
      raffleId: raffle.raffleId,
      reason: 'beacon_unavailable',
      sessionId: null,
      raffle: { ...waitingFor(raffle, -120), status: 'void', reason: 'beacon_unavailable' },
    });
    await expect(historyRow(raffle).locator('.raffle-state[data-phase="void"]').textContent()).resolves.toBe(
      'Void: the drand round did not come within 2 minutes (the seed stays secret).',
    );
    expect(web.errors, 'errors reported by the page').toEqual([]);
  });
});
