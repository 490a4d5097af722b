import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** One file the pages load: served at `/assets/<name>.<hash>.<ext>`, cached for a year. */
export interface WebAsset {
  /** The file's stable name, as pages ask for it: `proof.js`, `web.css`. */
  readonly name: string;
  /** Its address: the content hash changes the address whenever the content changes. */
  readonly url: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** Where the browser code lives: every top-level `.ts` of `client/` is a page script (shared code in `client/lib/`). */
export const CLIENT_DIR = fileURLToPath(new URL('./client/', import.meta.url));
/** Plain CSS files and SVG images, served as they are. */
export const STYLES_DIR = fileURLToPath(new URL('./assets/', import.meta.url));

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

async function bundleScripts(clientDir: string): Promise<WebAsset[]> {
  const entries = (await readdir(clientDir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(clientDir, entry.name));
  if (entries.length === 0) return [];
  const result = await build({
    entryPoints: entries,
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

const STATIC_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

async function readStatic(stylesDir: string): Promise<WebAsset[]> {
  const names = (await readdir(stylesDir)).filter((name) => STATIC_TYPES[extname(name)] !== undefined);
  return Promise.all(
    names.map(async (name) =>
      asset(name, STATIC_TYPES[extname(name)] ?? '', await readFile(join(stylesDir, name))),
    ),
  );
}

/** Bundles the client scripts with esbuild and reads the styles, all in memory (no build step). */
export async function buildWebAssets(
  directories: { clientDir?: string; stylesDir?: string } = {},
): Promise<WebAssets> {
  const [scripts, styles] = await Promise.all([
    bundleScripts(directories.clientDir ?? CLIENT_DIR),
    readStatic(directories.stylesDir ?? STYLES_DIR),
  ]);
  return new WebAssets([...scripts, ...styles]);
}

let shared: Promise<WebAssets> | undefined;

/** The assets of this process: built on first use, then shared by every app (tests build many). */
export function loadWebAssets(): Promise<WebAssets> {
  shared ??= buildWebAssets().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}
