import { describe, expect, it } from 'vitest';
import { asService } from '../helpers/app.ts';
import { useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, screenshot } from './chromium.ts';

const CODES = ['DASH-AAAA-0001', 'DASH-BBBB-0002', 'DASH-CCCC-0003'];

// SPEC §2.8 in the streamer's dashboard: codes pasted one per line (blank lines and stray spaces
// dropped) are saved, counted and never shown again; a draw of the coded prize appears in the prize
// ledger, whose CSV export is one link away.
describe.skipIf(!browserTestsRun)('secret codes and the prize ledger in the dashboard', () => {
  const web = useBrowserWorld({ dashboard: true });

  it('logs in and adds a prize', async () => {
    await web.page.goto(web.server.url);
    await web.page.getByRole('link', { name: 'Entrar com a Twitch' }).click();
    await web.page.waitForURL(`${web.server.fake.url}/**`);
    await web.page.getByRole('button', { name: 'Autorizar' }).click();
    await web.page.waitForURL(`${web.server.url}/`);
    await web.page.getByLabel('Colar uma lista').fill('chave steam:10');
    await web.page.getByRole('button', { name: 'Adicionar lista' }).click();
    await web.page.locator('#code-rows tr[data-item="chave steam"]').waitFor();
  });

  it('saves pasted codes, clears the box, counts them and never shows them again', async () => {
    const codes = web.page.getByLabel('Códigos, um por linha');
    await codes.fill(`${CODES[0]}\n\n  ${CODES[1]}  \r\n${CODES[2]}\n`);
    await expect(web.page.locator('#codes-count').textContent()).resolves.toBe('3 código(s) na lista');
    await web.page.getByRole('button', { name: 'Salvar códigos' }).click();
    await web.page.locator('#codes-message.ok').waitFor();
    await expect(web.page.locator('#codes-message').textContent()).resolves.toBe(
      '3 código(s) salvo(s). 3 não usado(s) em chave steam.',
    );
    await expect(codes.inputValue()).resolves.toBe('');
    const row = web.page.locator('#code-rows tr[data-item="chave steam"]');
    await expect(row.locator('.code-unused').textContent()).resolves.toBe('3');
    await expect(row.locator('.code-total').textContent()).resolves.toBe('3');
    // The prize's quantity follows its codes and cannot be typed over.
    const quantity = web.page.getByLabel('Quantidade de chave steam');
    await expect(quantity.inputValue()).resolves.toBe('3');
    await expect(quantity.getAttribute('readonly')).resolves.not.toBeNull();
    await web.page.reload();
    await web.page.locator('#code-rows tr[data-item="chave steam"] .code-unused', { hasText: '3' }).waitFor();
    const html = await web.page.content();
    for (const code of CODES) expect(html).not.toContain(code);
  });

  it('refuses a code saved before, in words, and adds nothing', async () => {
    await web.page.getByLabel('Códigos, um por linha').fill(`${CODES[0]}\nDASH-NEW-0004`);
    await web.page.getByRole('button', { name: 'Salvar códigos' }).click();
    await web.page.locator('#codes-message.error').waitFor();
    await expect(web.page.locator('#codes-message').textContent()).resolves.toContain(
      'Nenhum código foi adicionado',
    );
    await expect(web.page.locator('#code-rows .code-unused').textContent()).resolves.toBe('3');
    web.errors.length = 0; // Chromium logs the 409 it was meant to get.
  });

  it('lists the units given in the ledger, newest first, with the CSV export', async () => {
    const login = web.server.channel.login;
    const drawn = await web.server.post(`/api/v1/channels/${login}/raffles`, { winners: 1 });
    const raffleId = Number(drawn.raffleId);
    const row = web.page.locator(`#ledger-rows tr[data-raffle="${raffleId}"]`);
    await row.waitFor({ timeout: 10_000 });
    const winner = (drawn.winners as { login: string }[])[0]?.login ?? '';
    await expect(row.locator('td.login').textContent()).resolves.toBe(winner);
    await expect(row.textContent()).resolves.toContain('chave steam');
    await expect(row.textContent()).resolves.toContain('com código');
    await expect(row.locator('a').getAttribute('href')).resolves.toBe(`/r/${raffleId}`);
    const csv = web.page.getByRole('link', { name: 'Exportar CSV' });
    const href = await csv.getAttribute('href');
    expect(href).toBe(`/api/v1/channels/${login}/prizes-given?format=csv`);
    const exported = await web.context.request.get(`${web.server.url}${href}`);
    expect(exported.status()).toBe(200);
    expect(exported.headers()['content-type']).toMatch(/^text\/csv/);
    expect(await exported.text()).toContain(winner);
    for (const code of CODES) expect(await exported.text()).not.toContain(code);
    await screenshot(web.page, 'dashboard-codes-ledger.png', { fullPage: true });
    // The service sees the same ledger.
    const ledger = await fetch(`${web.server.url}/api/v1/channels/${login}/prizes-given`, {
      headers: asService,
    });
    expect(((await ledger.json()) as { prizes: { raffleId: number }[] }).prizes[0]?.raffleId).toBe(raffleId);
    expect(web.errors, 'errors reported by the page').toEqual([]);
  });

  it('takes 1,000 codes in one paste, and says so before sending 1,001', async () => {
    const thousand = Array.from({ length: 1000 }, (_, index) => `BULK-${String(index).padStart(4, '0')}`);
    const box = web.page.getByLabel('Códigos, um por linha');
    await box.fill([...thousand, 'BULK-EXTRA'].join('\n'));
    await web.page.getByRole('button', { name: 'Salvar códigos' }).click();
    await expect(web.page.locator('#codes-message.error').textContent()).resolves.toBe(
      'No máximo 1.000 códigos de cada vez: esta lista tem 1.001.',
    );
    await box.fill(thousand.join('\n'));
    await web.page.getByRole('button', { name: 'Salvar códigos' }).click();
    await web.page.locator('#codes-message.ok').waitFor({ timeout: 15_000 });
    await expect(web.page.locator('#codes-message').textContent()).resolves.toMatch(
      /^1000 código\(s\) salvo\(s\)/,
    );
    await expect(web.page.locator('#code-rows .code-total').textContent()).resolves.toBe('1003');
    expect(web.errors, 'errors reported by the page').toEqual([]);
  });
});
