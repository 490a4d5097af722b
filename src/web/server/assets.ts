import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { z } from 'zod';
import { findAssetSources, STATIC_TYPES, WEB_DIR } from './asset-sources.ts';

/** One file the pages load: served at `/assets/<name>.<hash>.<ext>`, cached for a year. */
export interface WebAsset {
  /** The file's stable name, as pages ask for it: `proof.js`, `web.css`. */
  readonly name: string;
  /** Its address: the content hash changes the address whenever the content changes. */
  readonly url: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** The page scripts and styles, built once in memory and looked up by name or by address. */
export class WebAssets {
  readonly #byName = new Map<string, WebAsset>();
  readonly #byFile = new Map<string, WebAsset>();

  constructor(assets: readonly WebAsset[]) {
    for (const asset of assets) {
      this.#byName.set(asset.name, asset);
      this.#byFile.set(asset.url.slice('/assets/'.length), asset);
    }
  }

  /** The address of `proof.js` or `web.css`; a name that does not exist is a programming error. */
  url(name: string): string {
    const asset = this.#byName.get(name);
    if (!asset) throw new Error(`no web asset named ${name} (known: ${[...this.#byName.keys()].join(', ')})`);
    return asset.url;
  }

  /** The asset served at `/assets/<file>`, if any. */
  find(file: string): WebAsset | undefined {
    return this.#byFile.get(file);
  }

  get all(): WebAsset[] {
    return [...this.#byName.values()];
  }
}

const hashOf = (body: Buffer) => createHash('sha256').update(body).digest('hex').slice(0, 12);

function asset(name: string, contentType: string, body: Buffer): WebAsset {
  const extension = extname(name);
  const url = `/assets/${basename(name, extension)}.${hashOf(body)}${extension}`;
  return { name, url, contentType, body };
}

/**
 * Zod's namespace object carries its 40 message locales, which no bundler can shake off: the proof page
 * would load 160 KB of them for nothing. Its English messages, the default, are imported on their own.
 */
const withoutZodLocales: Plugin = {
  name: 'without-zod-locales',
  setup(bundle) {
    bundle.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(join('node_modules', 'zod'))
        ? { path: 'zod-locales', namespace: 'empty' }
        : undefined,
    );
    bundle.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

async function bundleScripts(entries: readonly string[]): Promise<WebAsset[]> {
  if (entries.length === 0) return [];
  const result = await build({
    entryPoints: [...entries],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    charset: 'utf8',
    outdir: '/',
    entryNames: '[name]',
    logLevel: 'silent',
    plugins: [withoutZodLocales],
    // Zod compiles fast parsers with `new Function` when it can; the pages' Content-Security-Policy forbids
    // eval, and merely probing for it logs a violation. Its global config must say so before any schema
    // is built, that is before any module runs; the interpreted parsers give the same results.
    banner: { js: 'globalThis.__zod_globalConfig={jitless:true};' },
  });
  return result.outputFiles.map((file) =>
    asset(basename(file.path), 'text/javascript; charset=utf-8', Buffer.from(file.contents)),
  );
}

async function readStatics(files: readonly string[]): Promise<WebAsset[]> {
  return Promise.all(
    files.map(async (file) => asset(basename(file), STATIC_TYPES[extname(file)] ?? '', await readFile(file))),
  );
}

/** Pages ask for assets by file name alone: two files of one name would make one of them unreachable. */
function refuseDuplicateNames(assets: readonly WebAsset[]): void {
  const names = new Set<string>();
  for (const { name } of assets) {
    if (names.has(name)) throw new Error(`two web assets are named ${name}`);
    names.add(name);
  }
}

/** Bundles the pages' scripts with esbuild and reads the styles, all in memory (no build step). */
export async function buildWebAssets(webDir: string = WEB_DIR): Promise<WebAssets> {
  const sources = await findAssetSources(webDir);
  const assets = (await Promise.all([bundleScripts(sources.scripts), readStatics(sources.statics)])).flat();
  refuseDuplicateNames(assets);
  return new WebAssets(assets);
}

const assetCacheShape = z.object({
  stamp: z.string(),
  assets: z.array(z.object({ name: z.string(), url: z.string(), contentType: z.string(), body: z.base64() })),
});

/**
 * The assets cached by an earlier start under `stamp` (what they were built from), or undefined: no
 * cache, another stamp, or a file that does not parse (then they are built again).
 */
export async function readAssetCache(file: string, stamp: string): Promise<WebAssets | undefined> {
  let parsed: z.infer<typeof assetCacheShape>;
  try {
    parsed = assetCacheShape.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return undefined;
  }
  if (parsed.stamp !== stamp) return undefined;
  return new WebAssets(
    parsed.assets.map((cached) => ({ ...cached, body: Buffer.from(cached.body, 'base64') })),
  );
}

/** Writes the cache beside its place and renames it there: replicas starting together never read half a file. */
export async function writeAssetCache(file: string, stamp: string, assets: WebAssets): Promise<void> {
  const partial = `${file}.${process.pid}.tmp`;
  const cached = {
    stamp,
    assets: assets.all.map((asset) => ({ ...asset, body: asset.body.toString('base64') })),
  };
  try {
    await writeFile(partial, JSON.stringify(cached));
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
}

/**
 * Where the start commands' bundle (dist/kinoyu.mjs, scripts/launch.mjs) keeps the page assets between
 * starts, stamped with the bundle's own modification time and size: the launcher rebuilds the bundle
 * whenever a file under src/ (the pages' sources included) changes, which makes the cache stale. Running
 * from the sources (tests, tsx), nothing is cached.
 */
function bundleAssetCache(): { file: string; stamp: string } | undefined {
  const here = fileURLToPath(import.meta.url);
  if (basename(here) !== 'kinoyu.mjs') return undefined;
  const { mtimeMs, size } = statSync(here);
  return { file: join(dirname(here), 'web-assets.json'), stamp: `${mtimeMs}:${size}` };
}

/**
 * Built with esbuild (0.4–1.1 s of work on this 2-core machine, mostly overlapping the rest of start-up),
 * or read from the bundle's cache (a few ms).
 */
async function cachedOrBuilt(): Promise<WebAssets> {
  const cache = bundleAssetCache();
  if (!cache) return buildWebAssets();
  const cached = await readAssetCache(cache.file, cache.stamp);
  if (cached) return cached;
  const built = await buildWebAssets();
  // A read-only install still works: it builds them at every start.
  await writeAssetCache(cache.file, cache.stamp, built).catch(() => {});
  return built;
}

let shared: Promise<WebAssets> | undefined;

/** The assets of this process: built (or read from the bundle's cache) on first use, then shared by every app. */
export function loadWebAssets(): Promise<WebAssets> {
  shared ??= cachedOrBuilt().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
