import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { drawSeedOf, QUICKNET } from '../../src/raffles/beacon.ts';
import { nodeSha256 } from '../../src/raffles/sha256-node.ts';
import {
  flipBit,
  makeDrandProof,
  QUICKNET_ROUND,
  quicknetDrandProof,
  TEST_BEACON,
} from '../helpers/beacon-chain.ts';
import { buildProof, randomEntrants } from '../helpers/proofs.ts';
import { useBrowserWorld } from './browser-context.ts';
import { browserTestsRun, collectPageErrors, screenshot } from './chromium.ts';
import type { WebServer } from './web-server.ts';

type Person = { userId: string; login: string; weight: number };
type TamperedProof = { entrants: Person[]; winners: Person[] };

interface DrawnRaffle {
  raffleId: number;
  winners: { position: number; userId: string; login: string; itemName: string | null }[];
}

// The proof page in a real Chromium against the real server: the browser recomputes the draw with
// WebCrypto and the verifier's code, and notices a proof that was tampered with on the way.
describe.skipIf(!browserTestsRun)('the proof page in Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let raffle: DrawnRaffle;

  const web = useBrowserWorld();

  beforeAll(async () => {
    ({ server, browser } = web);
    const login = server.channel.login;
    await server.post(`/api/v1/channels/${login}/items`, {
      text: 'skin dourada:50, skin prata:30x2, chave <b>rara</b>:5',
    });
    raffle = (await server.post(`/api/v1/channels/${login}/raffles`, {
      winners: 3,
    })) as unknown as DrawnRaffle;
  });

  const openPage = async () => {
    page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'pt-BR' });
    errors = collectPageErrors(page);
    return page;
  };
  afterEach(async () => {
    expect(errors, 'errors reported by the page').toEqual([]);
    await page?.close();
  });

  /** Serves the real proof with `change` applied, as a man in the middle would. */
  const tamper = (change: (proof: TamperedProof) => void) =>
    page.route(`**/api/v1/raffles/${raffle.raffleId}/proof`, async (route) => {
      const response = await route.fetch();
      const proof = await response.json();
      change(proof);
      await route.fulfill({ response, json: proof });
    });

  it('recomputes a real draw in the browser and shows ✓', async () => {
    await openPage();
    await page.goto(`${server.url}/r/${raffle.raffleId}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Sorteio #${raffle.raffleId}`);
    for (const winner of raffle.winners) {
      await page.locator('#winners td.login', { hasText: winner.login }).waitFor();
    }
    await page.locator('#entrant-list tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Verificar' }).click();
    const result = page.locator('#verify-result.ok');
    await result.waitFor({ timeout: 10_000 });
    await expect(result.textContent()).resolves.toContain('✓');
    await expect(result.textContent()).resolves.toContain('Tudo confere');
    // The prize with markup in its name is shown as text.
    await expect(page.locator('#prizes').textContent()).resolves.toContain('chave <b>rara</b>');
    await page.setViewportSize({ width: 1100, height: 1400 });
    await screenshot(page, 'proof-page.png');
  });

  it('names the winner that differs when a winner was swapped in the proof', async () => {
    await openPage();
    let swapped = '';
    await tamper((proof) => {
      const winners = new Set(proof.winners.map((winner) => winner.userId));
      const outsider = proof.entrants.find((entrant) => !winners.has(entrant.userId));
      if (!outsider) throw new Error('everyone won: no outsider to swap in');
      swapped = outsider.login;
      Object.assign(proof.winners[0] ?? {}, { userId: outsider.userId, login: outsider.login });
    });
    await page.goto(`${server.url}/r/${raffle.raffleId}?lang=en`);
    await page.getByRole('button', { name: 'Verify' }).click();
    const result = page.locator('#verify-result.bad');
    await result.waitFor({ timeout: 10_000 });
    await expect(result.textContent()).resolves.toContain('✗');
    const problem = result.locator('li[data-code="winner_mismatch"]');
    await expect(problem.textContent()).resolves.toContain('The winner does not match');
    await expect(problem.textContent()).resolves.toContain(`position 1: proof says user`);
    await expect(problem.textContent()).resolves.toContain(`(${swapped})`);
  });

  it('catches a weight changed after the list was frozen', async () => {
    await openPage();
    await tamper((proof) => {
      Object.assign(proof.entrants[0] ?? {}, { weight: 10 });
    });
    await page.goto(`${server.url}/r/${raffle.raffleId}`);
    await page.getByRole('button', { name: 'Verificar' }).click();
    const problem = page.locator('#verify-result.bad li[data-code="entrants_digest_mismatch"]');
    await problem.waitFor({ timeout: 10_000 });
    await expect(problem.textContent()).resolves.toContain(
      'A lista de participantes não corresponde ao resumo publicado',
    );
  });

  it('says a proof that is not a proof cannot be checked, and why', async () => {
    await openPage();
    await tamper((proof) => {
      Object.assign(proof, { entrants: 'everyone' });
    });
    await page.goto(`${server.url}/r/${raffle.raffleId}?lang=en`);
    await page.getByRole('button', { name: 'Verify' }).click();
    const result = page.locator('#verify-result.bad');
    await result.waitFor({ timeout: 10_000 });
    await expect(result.locator('.verdict').textContent()).resolves.toContain('This proof cannot be checked');
    await expect(result.locator('li[data-code="malformed"]').textContent()).resolves.toMatch(
      /The proof is malformed.*entrants: Invalid input: expected array, received string/s,
    );
  });

  it('checks a proof of 100,000 entrants with a redraw in the browser', async () => {
    await openPage();
    const large = await buildProof({
      entrants: randomEntrants(100_000),
      items: [
        { id: 1, name: 'skin dourada', weight: 50, quantity: 1 },
        { id: 2, name: 'chave', weight: 5, quantity: null },
      ],
      winners: 3,
      redraws: [2],
    });
    await page.route(`**/api/v1/raffles/${raffle.raffleId}/proof`, (route) =>
      route.fulfill({ json: { ...large, raffleId: raffle.raffleId } }),
    );
    await page.goto(`${server.url}/r/${raffle.raffleId}?lang=en`);
    await expect
      .poll(() => page.locator('#entrant-list p.muted').textContent(), { timeout: 15_000 })
      .toBe('Showing 100 of 100,000.');
    await expect(page.locator('#replaced li').textContent()).resolves.toContain(large.replaced[0]?.login);
    const started = Date.now();
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('#verify-result.ok').waitFor({ timeout: 60_000 });
    console.log(`proof page: 100,000 entrants checked in the browser in ${Date.now() - started} ms`);
  });

  it('finds an entrant by login among the entrants', async () => {
    await openPage();
    const winner = raffle.winners[0]?.login ?? '';
    await page.goto(`${server.url}/r/${raffle.raffleId}`);
    await page.getByRole('searchbox').fill(winner);
    await expect(page.locator('#entrant-list tbody tr').first().textContent()).resolves.toContain(winner);
  });

  /** Serves `proof` as the proof of the raffle, as the server of a §4.1 draw would. */
  const serveProof = (proof: object) =>
    page.route(`**/api/v1/raffles/${raffle.raffleId}/proof`, (route) =>
      route.fulfill({ json: { ...proof, raffleId: raffle.raffleId } }),
    );

  describe('a draw anchored to a drand round (§4.1)', () => {
    let sandboxApp: FastifyInstance;
    let sandboxUrl: string;

    // The same server, told that it draws with the tests' local beacon, as the sandbox is.
    beforeAll(async () => {
      sandboxApp = await buildApp(server.services, pino({ level: 'silent' }), {
        beaconChain: async () => TEST_BEACON.chain,
      });
      sandboxUrl = await sandboxApp.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await sandboxApp?.close();
    });

    it('explains a quicknet round, links it, checks its signature and the whole draw', async () => {
      await openPage();
      const proof = await quicknetDrandProof({
        items: [{ id: 1, name: 'skin dourada', weight: 50, quantity: 1 }],
      });
      await serveProof(proof);
      await page.goto(`${server.url}/r/${raffle.raffleId}`);
      const beacon = page.locator('#beacon');
      await beacon.locator('#beacon-check.ok').waitFor({ timeout: 10_000 });
      const text = await beacon.textContent();
      expect(text).toContain(`com o resumo ${proof.entrantsDigest}`);
      expect(text).toContain(`esperar a rodada ${QUICKNET_ROUND.round} do drand`);
      expect(text).toContain('2,5 s depois do congelamento');
      expect(text).toContain('nem quem opera o servidor');
      await expect(beacon.locator('#draw-seed').textContent()).resolves.toBe(
        await drawSeedOf(proof.seed ?? '', QUICKNET_ROUND.randomness, nodeSha256),
      );
      expect(text).toContain('League of Entropy');
      expect(text).not.toContain('sandbox');
      await expect(beacon.locator('#beacon-check').textContent()).resolves.toBe(
        '✓ Assinatura BLS da rodada conferida no seu navegador: válida.',
      );
      await expect(page.locator('#beacon-round-link').getAttribute('href')).resolves.toBe(
        `https://api.drand.sh/${QUICKNET.chainHash}/public/${QUICKNET_ROUND.round}`,
      );
      await page.getByRole('button', { name: 'Verificar' }).click();
      const result = page.locator('#verify-result.ok');
      await result.waitFor({ timeout: 10_000 });
      await expect(result.textContent()).resolves.toContain('Tudo confere');
      await page.setViewportSize({ width: 1100, height: 1600 });
      await screenshot(page, 'proof-page-drand.png');
    });

    it('catches a round whose randomness was changed', async () => {
      await openPage();
      const proof = await quicknetDrandProof({});
      const randomness = flipBit(proof.beacon?.randomness ?? '', 100);
      await serveProof({ ...proof, beacon: { ...proof.beacon, randomness } });
      await page.goto(`${server.url}/r/${raffle.raffleId}?lang=en`);
      const check = page.locator('#beacon-check.bad');
      await check.waitFor({ timeout: 10_000 });
      await expect(
        check.locator('li[data-code="beacon_randomness_mismatch"]').textContent(),
      ).resolves.toContain('The randomness does not match the round’s signature');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page
        .locator('#verify-result.bad li[data-code="beacon_randomness_mismatch"]')
        .waitFor({ timeout: 10_000 });
    });

    it('on the sandbox’s local beacon: checks it with the server’s chain and says it proves nothing against the operator', async () => {
      await openPage();
      await serveProof(await makeDrandProof({}));
      await page.goto(`${sandboxUrl}/r/${raffle.raffleId}?lang=en`);
      await page.locator('#beacon-check.ok').waitFor({ timeout: 10_000 });
      await expect(page.locator('#beacon-sandbox').textContent()).resolves.toBe(
        'This draw used a local test beacon (sandbox), not the public drand network: its key belongs to this server, so it does not prove fairness against the operator.',
      );
      await expect(page.locator('#beacon-round-link').count()).resolves.toBe(0);
      await expect(page.locator('#beacon').textContent()).resolves.not.toContain('League of Entropy');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.locator('#verify-result.ok').waitFor({ timeout: 10_000 });
    });

    it('on a chain the server does not use: says it cannot check that chain here', async () => {
      await openPage();
      await serveProof(await makeDrandProof({}));
      await page.goto(`${server.url}/r/${raffle.raffleId}?lang=en`);
      const check = page.locator('#beacon-check.unknown');
      await check.waitFor({ timeout: 10_000 });
      await expect(check.textContent()).resolves.toContain(
        `This chain cannot be checked here: the proof uses chain ${TEST_BEACON.chain.chainHash}`,
      );
      await expect(page.locator('#beacon-sandbox').count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Verify' }).click();
      const result = page.locator('#verify-result.bad');
      await result.waitFor({ timeout: 10_000 });
      await expect(result.locator('.verdict').textContent()).resolves.toContain(
        'This proof cannot be checked',
      );
      await expect(result.locator('li[data-code="unknown_chain"]').textContent()).resolves.toContain(
        'Unknown randomness chain',
      );
    });

    it('keeps the beacon section hidden for a proof without a round', async () => {
      await openPage();
      await page.goto(`${server.url}/r/${raffle.raffleId}`);
      await page.locator('#entrant-list tbody tr').first().waitFor();
      await expect(page.locator('#beacon').isHidden()).resolves.toBe(true);
    });
  });

  it('shows a friendly page for a raffle that does not exist', async () => {
    await openPage();
    const url = `${server.url}/r/99999999?lang=en`;
    const response = await page.goto(url);
    expect(response?.status()).toBe(404);
    // Chromium reports the document's own 404 as a console error: that one is expected here.
    errors.splice(0, errors.length, ...errors.filter((error) => !error.endsWith(`(at ${url})`)));
    await expect(page.locator('h1').textContent()).resolves.toBe('Raffle not found');
  });
});
