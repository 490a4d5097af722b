import { describe, expect, it } from 'vitest';
import { PUBLIC_URL, useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, screenshot } from './chromium.ts';

// The streamer's dashboard in a real Chromium against the real server and the fake Twitch: logging in
// through the consent page, prizes pasted as in chat, the odds, an automatic session whose draw shows up
// live through the event stream, and stopping it — with no console errors.
describe.skipIf(!browserTestsRun)('the dashboard in Chromium', () => {
  const web = useBrowserWorld({ scheduler: true, dashboard: true });

  it('logs in through the Twitch consent page and lands on the dashboard', async () => {
    await web.page.goto(web.server.url);
    await screenshot(web.page, 'dashboard-welcome.png');
    await web.page.getByRole('link', { name: 'Entrar com a Twitch' }).click();
    await web.page.waitForURL(`${web.server.fake.url}/**`);
    await web.page.getByRole('button', { name: 'Autorizar' }).click();
    await web.page.waitForURL(`${web.server.url}/`);
    await expect(web.page.locator('h1').textContent()).resolves.toBe(web.server.channel.displayName);
    await web.page.locator('#live-status[data-live="true"]').waitFor();
    await expect(web.page.locator('#connection-state').getAttribute('data-state')).resolves.toBe('connected');
  });

  it('adds a pasted prize list and shows each chance and the odds of each kind of viewer', async () => {
    await web.page
      .getByLabel('Colar uma lista')
      .fill('skin dourada:50x5, skin prata:30x*, chave <b>rara</b>:20x3');
    await web.page.getByRole('button', { name: 'Adicionar lista' }).click();
    const chance = (name: string) =>
      web.page.locator(`#prize-rows tr[data-item="${name}"] td.chance`).textContent();
    await web.page.locator('#prize-rows tr[data-item="chave <b>rara</b>"]').waitFor();
    await expect(chance('skin dourada')).resolves.toBe('50,0 %');
    await expect(chance('skin prata')).resolves.toBe('30,0 %');
    await expect(chance('chave <b>rara</b>')).resolves.toBe('20,0 %');

    const chatters = await web.server.app.inject({
      method: 'GET',
      url: `/api/v1/channels/${web.server.channel.login}/chatters`,
      headers: { authorization: `Bearer ${web.server.services.config.apiToken}` },
    });
    const count = chatters.json().chatters.length;
    await expect(web.page.locator('#chatters-summary').textContent()).resolves.toContain(`${count} pessoas`);
    const expected = `${(100 / count).toLocaleString('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} %`;
    await expect(
      web.page.locator('#group-odds tr[data-group="viewer"] td').last().textContent(),
    ).resolves.toBe(expected);
  });

  it('edits a weight inline and the chances follow', async () => {
    await web.page.getByLabel('Peso de skin prata').fill('130');
    await web.page.getByLabel('Peso de skin prata').press('Enter');
    await web.page.getByLabel('Peso de skin prata').blur();
    await web.page
      .locator('#prize-rows tr[data-item="skin prata"] td.chance', { hasText: '65,0 %' })
      .waitFor();
  });

  it('shows the validation message beside a bad rule, and saves a good one', async () => {
    const cooldown = web.page.getByLabel('Intervalo de espera (minutos)');
    await cooldown.fill('-5');
    await web.page.getByRole('button', { name: 'Salvar regras' }).click();
    await web.page.locator('[data-error-for="cooldownMinutes"]', { hasText: 'at least 0' }).waitFor();
    await expect(cooldown.getAttribute('aria-invalid')).resolves.toBe('true');
    // Chromium logs every 4xx answer to fetch; this one was asked for, and is the only one.
    expect(web.errors).toEqual([expect.stringMatching(/status of 400 .*\/settings\)$/)]);
    web.errors.length = 0;
    await cooldown.fill('15');
    await web.page.getByLabel('Peso de VIPs').fill('2');
    await web.page.getByLabel('Peso de inscritos nível 1').fill('1.5');
    await web.page.getByRole('button', { name: 'Salvar regras' }).click();
    await web.page.locator('#rules-message', { hasText: 'Salvo.' }).waitFor();
    await web.page.locator('#group-odds tr[data-group="vip"]', { hasText: '×2' }).waitFor();
    const saved = await web.server.services.settings.get(web.server.channel.id);
    expect(saved).toMatchObject({ cooldownMinutes: 15, vipMultiplier: 2, subscriberTier1Multiplier: 1.5 });
  });

  it('draws once now, shows the winner with a link to the proof, and draws the slot again', async () => {
    await web.page.getByRole('button', { name: 'Sortear agora' }).click();
    const result = web.page.locator('#draw-result');
    await result.locator('a.proof-link').waitFor();
    const href = await result.locator('a.proof-link').getAttribute('href');
    expect(href).toMatch(/^\/r\/\d+$/);
    await web.page.locator(`#history li[data-raffle="${href?.slice(3)}"]`).waitFor();
    const first = (await result.locator('.winners .login').textContent()) ?? '';
    await result.getByRole('button', { name: `Sortear de novo a posição 1 (${first})` }).click();
    await result.locator('.winners .login', { hasNotText: first }).waitFor();
    const second = await result.locator('.winners .login').textContent();
    await web.page
      .locator(`#history li[data-raffle="${href?.slice(3)}"] .login`, { hasText: second ?? '' })
      .waitFor();
  });

  it('starts a session, sees its draw arrive live, and stops it', async () => {
    const before = await web.page.locator('#history li').count();
    await web.page.getByLabel('Intervalo (segundos)').fill('2');
    await web.page.getByLabel('Chance por intervalo (0 a 1)').fill('1');
    await web.page.getByRole('button', { name: 'Iniciar sessão' }).click();
    await web.page.locator('#session-status[data-active="true"]').waitFor();
    await expect(web.page.locator('#countdown').textContent()).resolves.toMatch(
      /Próximo sorteio em \d+ s|Sorteando/,
    );

    await web.page.locator('#history li').nth(before).waitFor({ timeout: 15_000 });
    await web.page.locator('#history li.fresh').first().waitFor();
    await expect(web.page.locator('#session-status').textContent()).resolves.toMatch(/[1-9]\d* sorteio/);
    await web.page.locator('#toast.visible').waitFor();
    await screenshot(web.page, 'dashboard.png', { fullPage: true });

    await web.page.getByRole('button', { name: 'Parar sessão' }).click();
    await web.page.locator('#session-status[data-active="false"]').waitFor();
    await expect(web.page.locator('#session-status').textContent()).resolves.toContain('parada por você');
    expect(web.errors, 'errors reported by the page').toEqual([]);
  });

  it('makes a new overlay address after asking', async () => {
    const address = web.page.locator('#overlay-url');
    const before = await address.inputValue();
    expect(before).toMatch(
      new RegExp(`^${PUBLIC_URL}/overlay/${web.server.channel.login}\\?key=[0-9a-f]{64}$`),
    );
    web.page.once('dialog', (dialog) => dialog.accept());
    await web.page.getByRole('button', { name: 'Gerar novo endereço' }).click();
    await web.page.locator('#overlay-message', { hasText: 'Salvo.' }).waitFor();
    const after = await address.inputValue();
    expect(after).not.toBe(before);
    expect(after).toMatch(/key=[0-9a-f]{64}$/);
  });

  it('offers to reconnect as soon as Twitch refuses the token', async () => {
    const { channels, events } = web.server.services;
    await channels.setConnectionState(web.server.channel.id, 'reconnect_needed');
    events.publish({
      type: 'channel.reconnect_needed',
      channel: web.server.channel.login,
      channelId: web.server.channel.id,
      reason: 'token_refused',
    });
    await web.page.locator('#connection-state[data-state="reconnect_needed"]').waitFor();
    const reconnect = web.page.getByRole('link', { name: 'Reconectar a Twitch' });
    await reconnect.waitFor();
    await expect(reconnect.getAttribute('href')).resolves.toBe(`${PUBLIC_URL}/auth/twitch/login?reconnect=1`);
    await channels.setConnectionState(web.server.channel.id, 'connected');
  });

  it('shows at once that the channel was disconnected from Twitch', async () => {
    const { channels, events } = web.server.services;
    await channels.setConnectionState(web.server.channel.id, 'disconnected');
    events.publish({
      type: 'channel.disconnected',
      channel: web.server.channel.login,
      channelId: web.server.channel.id,
    });
    await web.page.locator('#connection-state[data-state="disconnected"]').waitFor();
    await web.page.getByRole('link', { name: 'Reconectar a Twitch' }).waitFor();
    await channels.setConnectionState(web.server.channel.id, 'connected');
  });

  it('switches to English, numbers and all', async () => {
    await web.page.getByRole('link', { name: 'English' }).click();
    await web.page.waitForURL(`${web.server.url}/?lang=en`);
    await expect(web.page.locator('#prizes-heading').textContent()).resolves.toBe('Prizes');
    await web.page
      .locator('#prize-rows tr[data-item="chave <b>rara</b>"] td.chance', { hasText: '%' })
      .waitFor();
    await expect(web.page.locator('#session-status').textContent()).resolves.toContain('stopped by you');
    expect(web.errors, 'errors reported by the page').toEqual([]);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await web.page.setViewportSize({ width: 375, height: 800 });
    const overflow = await web.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await web.page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logs out back to the welcome page', async () => {
    await web.page.getByRole('button', { name: 'Log out' }).click();
    await web.page.waitForURL(`${web.server.url}/`);
    await web.page.locator('[data-page="welcome"]').waitFor();
    const cookies = await web.context.cookies(web.server.url);
    expect(cookies.map((cookie) => cookie.name)).not.toContain('kinoyu_session');
    expect(web.errors, 'errors reported by the page').toEqual([]);
  });
});
