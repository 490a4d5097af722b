import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.ts';
import { createServices } from '../../src/api/services.ts';
import { OverlayKeyRepository } from '../../src/channels/overlay-key-repository.ts';
import { loadWebAssets } from '../../src/web/server/assets.ts';
import { testConfig } from '../helpers/app.ts';
import { useWorld } from '../helpers/world.ts';

describe('GET /overlay/{channel}?key=…', () => {
  const world = useWorld({ app: true });
  let key: string;

  beforeAll(async () => {
    const channel = await world.services.channels.ensure('streamer_one');
    await world.services.channels.ensure('streamer_two');
    key = (await new OverlayKeyRepository(world.database.db).ofChannel(channel.id)) ?? '';
  });

  const get = (url: string) => world.app.inject({ method: 'GET', url });

  it('serves the transparent overlay that follows the channel event stream with its key', async () => {
    const response = await get(`/overlay/streamer_one?key=${key}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    const assets = await loadWebAssets();
    expect(response.body).toContain(`href="${assets.url('overlay.css')}"`);
    expect(response.body).toContain(`src="${assets.url('overlay.js')}"`);
    expect(response.body).not.toContain(assets.url('web.css'));
    expect(response.body).toContain('<body class="overlay">');
    expect(response.body).not.toContain('language-switch');
    const data = JSON.parse(response.body.match(/id="page-data">(.*?)<\/script>/s)?.[1] ?? 'null');
    expect(data).toMatchObject({
      eventsUrl: `/api/v1/channels/streamer_one/events?key=${key}`,
      demo: false,
      text: { winnerLabel: 'Vencedor(a)!' },
    });
    const css = await get(assets.url('overlay.css'));
    expect(css.body).toMatch(/html,\s*body\s*\{\s*background: transparent;/);
  });

  it('plays the demo with ?demo=1, in English with ?lang=en', async () => {
    const response = await get(`/overlay/streamer_one?key=${key}&demo=1&lang=en`);
    const data = JSON.parse(response.body.match(/id="page-data">(.*?)<\/script>/s)?.[1] ?? 'null');
    expect(data).toMatchObject({ demo: true, text: { winnerLabel: 'Winner!' } });
  });

  it('gives a wrong, missing or borrowed key the same 403 page with nothing of the channel', async () => {
    const answers = await Promise.all(
      [
        '/overlay/streamer_one?key=wrong',
        '/overlay/streamer_one',
        `/overlay/streamer_two?key=${key}`,
        `/overlay/nobody_here?key=${key}`,
        `/overlay/${'x'.repeat(70)}?key=${key}`,
      ].map(get),
    );
    for (const answer of answers) {
      expect(answer.statusCode).toBe(403);
      expect(answer.body).toContain('Este link de overlay não vale');
      expect(answer.body).not.toContain('streamer_');
      expect(answer.body).not.toContain('page-data');
      expect(answer.body).not.toContain(key);
      expect(answer.body).toBe(answers[0]?.body);
    }
    const stream = await get('/api/v1/channels/streamer_one/events?key=wrong');
    expect(stream.statusCode).toBe(403);
  });

  it('keeps the key out of the request log lines', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const logged = await buildApp(createServices(testConfig(), world.database, logger), logger);
    try {
      const response = await logged.inject({ method: 'GET', url: `/overlay/streamer_one?key=${key}` });
      expect(response.statusCode).toBe(200);
      expect(lines.join('')).toContain('/overlay/streamer_one?key=[redacted]');
      expect(lines.join('')).not.toContain(key);
    } finally {
      await logged.close();
    }
  });
});
