import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, screenshot } from './chromium.ts';

// Entries by keyword and claim windows on the dashboard, in Chromium against the real server: the
// streamer turns them on in the rules form, opens entries, viewers type the word in the (fake) Twitch
// chat and the count and lists follow live; a draw among the entrants waits for its winner's claim with
// a countdown, shows what the winner said first, and turns claimed when the claim word arrives.
describe.skipIf(!browserTestsRun)('entries and claims on the dashboard in Chromium', () => {
  const web = useBrowserWorld({ dashboard: true });
  const entered: string[] = [];

  beforeAll(async () => {
    const { services, channel } = web.server;
    const listener = services.chatListener;
    if (!listener || !channel.twitchUserId) throw new Error('the test server listens to no chat');
    const subscribed = listener.subscribed();
    listener.listen(channel.id, channel.twitchUserId);
    await subscribed;
    await services.claims.start();
    await web.server.post(`/api/v1/channels/${channel.login}/items`, { text: 'skin dourada:50x3' });

    const { page } = web;
    await page.goto(web.server.url);
    await page.getByRole('link', { name: 'Entrar com a Twitch' }).click();
    await page.waitForURL(`${web.server.fake.url}/**`);
    await page.getByRole('button', { name: 'Autorizar' }).click();
    await page.waitForURL(`${web.server.url}/`);
    await page.locator('#live-status[data-live="true"]').waitFor();
  });
  afterAll(async () => {
    await web.server.services.claims.stop();
  });

  /**
   * The `index`-th viewer from the end of the sandbox chat list (the bots head it) says `text`; their
   * account is made old first, so the 30-day rule lets them in.
   */
  const viewerSays = (index: number, text: string) => {
    const chatterId = web.server.fake.channel().chatterIds.at(-1 - index);
    if (!chatterId) throw new Error(`no chatter ${index}`);
    web.server.fake.setAccountCreatedAt(chatterId, '2015-01-01T00:00:00Z');
    return web.server.fake.pushChatMessage({ chatter: chatterId, text }).chatterLogin;
  };

  it('saves the entry and claim rules through the rules form', async () => {
    const { page } = web;
    // Before: everyone in chat takes part, so the entries card explains and does not open.
    await page.locator('#entries-mode-note:visible').waitFor();
    await expect(page.getByRole('button', { name: 'Abrir inscrições' }).isDisabled()).resolves.toBe(true);

    await page.getByLabel('Quem participa').selectOption('keyword');
    await page.getByLabel('Idade mínima da conta na Twitch (dias)').fill('30');
    await page.getByLabel('Exigir resgate no chat').check();
    await page.getByLabel('Tempo para resgatar (segundos)').fill('120');
    await page.getByLabel('Palavra de resgate').fill('!resgatar');
    await page.getByRole('button', { name: 'Salvar regras' }).click();
    await page.locator('#rules-message', { hasText: 'Salvo.' }).waitFor();
    const saved = await web.server.services.settings.get(web.server.channel.id);
    expect(saved).toMatchObject({
      entryMode: 'keyword',
      minAccountAgeDays: 30,
      claimEnabled: true,
      claimSeconds: 120,
      claimWord: '!resgatar',
    });
    await page.locator('#entries-mode-note').waitFor({ state: 'hidden' });
    // In keyword mode with no window yet the odds card says to open entries (Chromium logs the 409).
    await page.locator('#chatters-summary', { hasText: 'abra as inscrições primeiro' }).waitFor();
    expect(web.errors).toEqual([expect.stringMatching(/status of 409 .*\/chatters\)$/)]);
    web.errors.length = 0;
  });

  it('opens entries with a word, counts and lists who types it live, says who was refused, and closes', async () => {
    const { page } = web;
    await page.getByLabel('Palavra (opcional)').fill('!quero');
    await page.getByRole('button', { name: 'Abrir inscrições' }).click();
    await page.locator('#entries-status[data-open="true"]', { hasText: '!quero' }).waitFor();

    for (const index of [0, 1, 2]) entered.push(viewerSays(index, '  !QUERO '));
    viewerSays(3, 'boa noite chat');
    // An account made three days ago: refused by the 30-day rule; a known bot: refused as a bot.
    const young = web.server.fake.channel().chatterIds.at(-5) ?? '';
    const youngLogin = web.server.fake.setAccountCreatedAt(young, Date.now() - 3 * 86_400_000).login;
    web.server.fake.pushChatMessage({ chatter: young, text: '!quero' });
    web.server.fake.pushChatMessage({ chatter: 'nightbot', text: '!quero' });
    viewerSays(0, '!quero');

    await page.locator('#entries-counts[data-count="3"]').waitFor({ timeout: 10_000 });
    for (const login of entered) {
      await page.locator(`#entries-entrants li[data-login="${login}"]`).waitFor();
    }
    await expect(page.locator('#entries-entrants li').count()).resolves.toBe(3);
    await expect(page.locator(`#entries-refused li[data-login="${youngLogin}"]`).textContent()).resolves.toBe(
      `${youngLogin} — conta da Twitch nova demais`,
    );
    await expect(page.locator('#entries-refused li[data-login="nightbot"]').textContent()).resolves.toBe(
      'nightbot — bot conhecido',
    );
    await expect(page.locator('#entries-counts').textContent()).resolves.toBe(
      '3 inscritos · 2 recusados · 0 aguardando verificação',
    );

    await page.getByRole('button', { name: 'Fechar inscrições' }).click();
    await page.locator('#entries-status[data-open="false"]', { hasText: 'Fechadas às' }).waitFor();
    await page.getByRole('button', { name: 'Abrir inscrições' }).waitFor();
  });

  it('counts down a pending claim, shows the winner’s first message, and turns it claimed', async () => {
    const { page } = web;
    await page.getByRole('button', { name: 'Sortear agora' }).click();
    const row = page.locator('#claim-list li[data-state="awaiting_claim"]');
    await row.waitFor();
    const winner = (await row.getAttribute('data-login')) ?? '';
    expect(entered).toContain(winner);
    const status = row.locator('.claim-status');
    const first = (await status.textContent()) ?? '';
    expect(first).toMatch(/^aguardando resgate: (\d+:\d\d|\d+ s)$/);
    // The countdown moves on its own.
    await page.locator('#claim-list li .claim-status', { hasNotText: first }).first().waitFor();
    await expect(row.locator('.claim-message').textContent()).resolves.toBe(
      'Ainda não falou no chat desde o sorteio.',
    );
    await expect(page.locator('#draw-result .claim-badge').textContent()).resolves.toBe('aguardando resgate');

    const winnerSays = (text: string) => web.server.fake.pushChatMessage({ chatter: winner, text });
    winnerSays('eu?? ganhei!');
    await row.locator('.claim-message', { hasText: 'Primeira mensagem no chat: “eu?? ganhei!”' }).waitFor({
      timeout: 10_000,
    });
    await screenshot(page, 'dashboard-claims.png', { fullPage: true });

    winnerSays('!resgatar');
    const claimed = page.locator(`#claim-list li[data-state="claimed"][data-login="${winner}"]`);
    await claimed.waitFor({ timeout: 5000 });
    await expect(claimed.locator('.claim-status').textContent()).resolves.toMatch(
      /^✓ resgatou às \d\d:\d\d:\d\d$/,
    );
    await page.locator('#history .claim-badge[data-state="claimed"]').first().waitFor();
    await page.locator('#draw-result .claim-badge[data-state="claimed"]').waitFor();
    expect(web.errors, 'errors reported by the page').toEqual([]);
  });
});
