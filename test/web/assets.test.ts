import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIR } from '../../src/web/server/asset-sources.ts';
import {
  buildWebAssets,
  loadWebAssets,
  readAssetCache,
  writeAssetCache,
} from '../../src/web/server/assets.ts';
import { useWorld } from '../helpers/world.ts';

const hash12 = (body: Buffer | string) => createHash('sha256').update(body).digest('hex').slice(0, 12);

describe('web assets bundled by esbuild at start-up', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'kinoyu-assets-'));
    await mkdir(join(directory, 'browser'));
    await mkdir(join(directory, 'server'));
    await mkdir(join(directory, 'pages', 'hello', 'browser'), { recursive: true });
    await writeFile(
      join(directory, 'browser', 'greeting.ts'),
      'export const greeting = (name: string): string => "olá, " + name;\n',
    );
    await writeFile(
      join(directory, 'pages', 'hello', 'browser', 'hello.ts'),
      "import { greeting } from '../../../browser/greeting.ts';\ndocument.title = greeting('mundo');\n",
    );
    await writeFile(join(directory, 'server', 'plain.css'), 'body { color: red; }\n');
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('bundles each page script with its imports, named by its content hash', async () => {
    const assets = await buildWebAssets(directory);
    expect(assets.all.map((asset) => asset.name).sort()).toEqual(['hello.js', 'plain.css']);
    const script = assets.all.find((asset) => asset.name === 'hello.js');
    expect(script?.body.toString()).toContain('olá, ');
    expect(script?.body.toString()).not.toContain('import ');
    expect(assets.url('hello.js')).toBe(`/assets/hello.${hash12(script?.body ?? '')}.js`);
    expect(assets.url('plain.css')).toBe(`/assets/plain.${hash12('body { color: red; }\n')}.css`);
    expect(() => assets.url('missing.js')).toThrow(/no web asset named missing\.js/);
  });

  it('fails loudly on a script that does not compile, rather than serving half a site', async () => {
    await mkdir(join(directory, 'pages', 'broken', 'browser'), { recursive: true });
    await writeFile(
      join(directory, 'pages', 'broken', 'browser', 'broken.ts'),
      "import { nothing } from './absent.ts';\nconsole.log(nothing);\n",
    );
    await expect(buildWebAssets(directory)).rejects.toThrow(/absent/);
    await rm(join(directory, 'pages', 'broken'), { recursive: true });
  });
});

describe('the start bundle’s asset cache', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'kinoyu-asset-cache-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('gives back what was written under the same stamp, and nothing under another', async () => {
    const file = join(directory, 'web-assets.json');
    expect(await readAssetCache(file, 'a')).toBeUndefined();
    const built = await loadWebAssets();
    await writeAssetCache(file, '1700000000000.5:4242', built);
    const read = await readAssetCache(file, '1700000000000.5:4242');
    expect(read?.all.map((asset) => [asset.name, asset.url, asset.contentType])).toEqual(
      built.all.map((asset) => [asset.name, asset.url, asset.contentType]),
    );
    expect(
      read?.all.every((asset, index) => asset.body.equals(built.all[index]?.body ?? Buffer.alloc(0))),
    ).toBe(true);
    // The bundle was rebuilt since (another time or size): built again.
    expect(await readAssetCache(file, '1700000000001.5:4242')).toBeUndefined();
  });

  it('ignores a cache file that does not parse', async () => {
    const file = join(directory, 'broken.json');
    await writeFile(file, '{"stamp": "s", "assets": [{"name": 1}]}');
    expect(await readAssetCache(file, 's')).toBeUndefined();
    await writeFile(file, 'not json');
    expect(await readAssetCache(file, 's')).toBeUndefined();
  });
});

describe('GET /assets/:file', () => {
  const world = useWorld({ app: true });

  it('serves the stylesheet under its hash with a year of caching', async () => {
    const css = await readFile(join(WEB_DIR, 'server', 'web.css'));
    const url = (await loadWebAssets()).url('web.css');
    expect(url).toBe(`/assets/web.${hash12(css)}.css`);
    const response = await world.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.rawPayload.equals(css)).toBe(true);
  });

  it('serves every page script as JavaScript', async () => {
    const scripts = (await loadWebAssets()).all.filter((asset) => asset.name.endsWith('.js'));
    for (const script of scripts) {
      const response = await world.app.inject({ method: 'GET', url: script.url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(script.url).toBe(
        `/assets/${script.name.replace(/\.js$/, '')}.${hash12(response.rawPayload)}.js`,
      );
    }
  });

  it('answers an unknown or stale address with a friendly 404 page', async () => {
    const response = await world.app.inject({
      method: 'GET',
      url: '/assets/web.000000000000.css',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('We could not find this page');
  });
});
