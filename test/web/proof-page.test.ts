import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { roundAt } from '../../src/raffles/beacon-chain.ts';
import { loadWebAssets } from '../../src/web/server/assets.ts';
import { asService } from '../helpers/app.ts';
import { TEST_BEACON } from '../helpers/beacon-chain.ts';
import { viewers } from '../helpers/fixtures.ts';
import { useWorld } from '../helpers/world.ts';

const HOSTILE_PRIZE = '<script>alert("prize")</script>';
const HOSTILE_LOGIN = '"><img src=x onerror=alert(1)>';

describe('GET /r/{raffleId}: the public proof page', () => {
  const world = useWorld({ app: true });
  let raffle: { raffleId: number; commitment: string; seed: string; entrantsDigest: string };

  beforeAll(async () => {
    await world.app.inject({
      method: 'POST',
      url: '/api/v1/channels/hostile/items',
      headers: asService,
      payload: { name: HOSTILE_PRIZE, weight: 10, quantity: null },
    });
    const response = await world.app.inject({
      method: 'POST',
      url: '/api/v1/channels/hostile/raffles',
      headers: asService,
      payload: { winners: 1, entrants: [{ userId: '1', login: HOSTILE_LOGIN, weight: 1 }] },
    });
    expect(response.statusCode).toBe(201);
    raffle = response.json();
  });

  it('explains the draw in Portuguese by default, with the commitment, digest and seed', async () => {
    const response = await world.app.inject({ method: 'GET', url: `/r/${raffle.raffleId}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.body).toContain('<html lang="pt-BR">');
    expect(response.body).toContain(`Sorteio #${raffle.raffleId}`);
    expect(response.body).toContain('Como este sorteio foi feito');
    expect(response.body).toContain(`<code id="commitment">${raffle.commitment}</code>`);
    expect(response.body).toContain(`<code id="entrants-digest">${raffle.entrantsDigest}</code>`);
    expect(response.body).toContain(`<code id="seed">${raffle.seed}</code>`);
    expect(response.body).toContain('>Verificar</button>');
    expect(response.body).toContain(`src="${(await loadWebAssets()).url('proof.js')}"`);
  });

  it('switches to English with ?lang=en or Accept-Language', async () => {
    const asked = await world.app.inject({ method: 'GET', url: `/r/${raffle.raffleId}?lang=en` });
    expect(asked.body).toContain('<html lang="en">');
    expect(asked.body).toContain('How this draw was made');
    expect(asked.body).toContain('>Verify</button>');
    const browser = await world.app.inject({
      method: 'GET',
      url: `/r/${raffle.raffleId}`,
      headers: { 'accept-language': 'en-GB,en;q=0.8' },
    });
    expect(browser.body).toContain('How this draw was made');
    expect(browser.headers.vary).toContain('accept-language');
  });

  it('writes hostile logins and prize names as text, never as markup', async () => {
    const { body } = await world.app.inject({ method: 'GET', url: `/r/${raffle.raffleId}` });
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('&lt;script&gt;alert(&quot;prize&quot;)&lt;/script&gt;');
    expect(body).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(body.match(/<script/g)).toHaveLength(2);
    const data = body.match(/<script type="application\/json" id="page-data">(.*?)<\/script>/s)?.[1];
    expect(JSON.parse(data ?? 'null')).toMatchObject({
      raffleId: raffle.raffleId,
      proofUrl: `/api/v1/raffles/${raffle.raffleId}/proof`,
      language: 'pt-BR',
    });
  });

  it('says a pending raffle is not drawn yet and shows only its commitment', async () => {
    const channel = await world.services.channels.ensure('pending_page');
    const pending = await world.services.raffleRepository.createPending({
      channelId: channel.id,
      winnersRequested: 1,
    });
    const response = await world.app.inject({ method: 'GET', url: `/r/${pending.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('Ainda não sorteado');
    expect(response.body).toMatch(/<code id="commitment">[0-9a-f]{64}<\/code>/);
    expect(response.body).not.toContain('id="seed"');
    expect(response.body).not.toContain('Verificar');
  });

  it('says why a void raffle drew nobody', async () => {
    const nobody = await world.app.inject({
      method: 'POST',
      url: '/api/v1/channels/empty_chat/raffles',
      headers: asService,
      payload: { winners: 1, entrants: [] },
    });
    expect(nobody.statusCode).toBe(409);
    const response = await world.app.inject({ method: 'GET', url: `/r/${nobody.json().raffleId}?lang=en` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Nobody was drawn');
    expect(response.body).toContain('There was no eligible entrant in the chat.');
  });

  /** A raffle with a frozen list, anchored to the round of TEST_BEACON current `seconds` from now. */
  const waitingRaffle = async (seconds: number) => {
    const channel = await world.services.channels.ensure('beacon_page');
    const repository = world.services.raffleRepository;
    const { id } = await repository.createPending({ channelId: channel.id, winnersRequested: 1 });
    await repository.snapshotAndFreeze(id, [{ userId: '7', login: 'ana', weight: 1 }]);
    const round = roundAt(TEST_BEACON.chain, Date.now() + seconds * 1000) + 1;
    expect(await repository.anchorToRound(id, TEST_BEACON.chain, round)).toBe(true);
    return { id, round };
  };

  it('says which drand round a pending raffle waits for and when it comes, and reloads itself after it', async () => {
    const { id, round } = await waitingRaffle(20);
    const response = await world.app.inject({ method: 'GET', url: `/r/${id}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain(`<h2>Aguardando a rodada ${round} do drand</h2>`);
    expect(response.body).toContain('A lista de participantes foi congelada em');
    expect(response.body).toMatch(
      new RegExp(`O sorteio espera a rodada ${round} do drand, que sai em [^.]+ UTC.`),
    );
    expect(response.body).toMatch(/<meta http-equiv="refresh" content="(2[0-9]|30)">/);
    expect(response.body).toMatch(/<code id="entrants-digest">[0-9a-f]{64}<\/code>/);
    expect(response.body).not.toContain('id="seed"');
    expect(response.body).not.toContain('Verificar');

    const english = await world.app.inject({ method: 'GET', url: `/r/${id}?lang=en` });
    expect(english.body).toContain(`<h2>Waiting for drand round ${round}</h2>`);
    expect(english.body).toContain(`The draw waits for drand round ${round}, which comes out on`);
  });

  it('says a round that is late has not reached the server yet, and when the draw would be void', async () => {
    const { id, round } = await waitingRaffle(-10);
    const { body } = await world.app.inject({ method: 'GET', url: `/r/${id}` });
    expect(body).toContain(`que devia ter saído em`);
    expect(body).toContain('se a rodada não chegar em 2 minutos, o sorteio é anulado sem revelar a semente');
    expect(body).toContain(`rodada ${round} do drand`);
    expect(body).toContain('<meta http-equiv="refresh" content="3">');
  });

  it('says plainly that a raffle void without its drand round was never drawn, and which round it waited for', async () => {
    const { id, round } = await waitingRaffle(-200);
    const voided = await world.services.raffleRepository.voidWithoutBeacon(120);
    expect(voided.map((raffle) => raffle.raffleId)).toContain(id);
    const { body } = await world.app.inject({ method: 'GET', url: `/r/${id}` });
    expect(body).toContain('data-reason="beacon_unavailable"');
    expect(body).toContain('<h2>Ninguém foi sorteado</h2>');
    expect(body).toContain(
      'A rodada pública do drand que este sorteio esperava não pôde ser obtida em 2 minutos, então ele nunca foi sorteado. A semente continua secreta.',
    );
    expect(body).toContain(`Rodada esperada: ${round} do drand`);
    expect(body).not.toContain('http-equiv="refresh"');
    expect(body).not.toContain('id="seed"');
  });

  it('answers an unknown raffle or a malformed id with a friendly 404 page', async () => {
    for (const url of ['/r/987654', '/r/abc', '/r/1%3Cscript%3E']) {
      const response = await world.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en' } });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('Raffle not found');
      expect(response.body).not.toContain('<script>');
    }
  });

  const pageData = (body: string) =>
    JSON.parse(body.match(/<script type="application\/json" id="page-data">(.*?)<\/script>/s)?.[1] ?? 'null');

  it('has a hidden place for the drand round, and no server chain unless the server has one', async () => {
    const { body } = await world.app.inject({ method: 'GET', url: `/r/${raffle.raffleId}` });
    expect(body).toContain('<section class="card beacon" id="beacon" hidden></section>');
    expect(pageData(body)).not.toHaveProperty('serverChain');
  });

  it('tells the page the drand chain the server draws with, and works on without it when that fails', async () => {
    const logger = pino({ level: 'silent' });
    const told = await buildApp(world.services, logger, { beaconChain: async () => TEST_BEACON.chain });
    const failing = await buildApp(world.services, logger, {
      beaconChain: () => Promise.reject(new Error('no relay answers')),
    });
    try {
      const { body } = await told.inject({ method: 'GET', url: `/r/${raffle.raffleId}` });
      expect(pageData(body).serverChain).toEqual(TEST_BEACON.chain);
      const response = await failing.inject({ method: 'GET', url: `/r/${raffle.raffleId}` });
      expect(response.statusCode).toBe(200);
      expect(pageData(response.body)).not.toHaveProperty('serverChain');
    } finally {
      await Promise.all([told.close(), failing.close()]);
    }
  });

  it('bundles the BLS verifier into the page script, for the check of a drand round in the browser', async () => {
    const script = (await loadWebAssets()).all.find((asset) => asset.name === 'proof.js');
    // The domain tag of drand's G1 signatures is hashed into every message: it is there only if the
    // signature check of @noble/curves was bundled.
    expect(script?.body.toString()).toContain('BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_');
  });

  it('keeps the page small for a large draw: the lists load in the browser', async () => {
    const drawn = (
      await world.app.inject({
        method: 'POST',
        url: '/api/v1/channels/crowd/raffles',
        headers: asService,
        payload: { winners: 3, entrants: viewers(5000) },
      })
    ).json();
    const response = await world.app.inject({ method: 'GET', url: `/r/${drawn.raffleId}` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('data-testid="eligible-count">5.000<');
    expect(response.body.length).toBeLessThan(20_000);
  });
});
