import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { PACKAGE_ROOT } from '../../package-root.ts';

/** The web front end's folder (src/web): `server/`, `browser/` and `pages/<page>/`. */
export const WEB_DIR = join(PACKAGE_ROOT, 'src', 'web');

/** The files served as they are, by extension, with their content type. */
export const STATIC_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** What the web assets are made from. */
export interface AssetSources {
  /** The pages' scripts, one per page: `pages/<page>/browser/<page>.ts` (its modules sit beside it). */
  readonly scripts: readonly string[];
  /** The styles and images: the `.css` and `.svg` files of `server/` (shared) and of each `pages/<page>/`. */
  readonly statics: readonly string[];
}

/** The entries of a folder; none when it does not exist. */
async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** A page's script; a page with a `browser/` folder but no `<page>.ts` in it is a mistake, not a page without one. */
async function pageScript(pageDir: string): Promise<string | undefined> {
  const browserDir = join(pageDir, 'browser');
  const files = (await entriesOf(browserDir)).map((entry) => entry.name);
  if (files.length === 0) return undefined;
  const entry = `${basename(pageDir)}.ts`;
  if (!files.includes(entry)) throw new Error(`${browserDir} has no ${entry}, the page's script`);
  return join(browserDir, entry);
}

async function staticFiles(dir: string): Promise<string[]> {
  return (await entriesOf(dir))
    .filter((entry) => entry.isFile() && STATIC_TYPES[extname(entry.name)] !== undefined)
    .map((entry) => join(dir, entry.name));
}

/** Finds the pages' scripts and the styles and images under `webDir`. */
export async function findAssetSources(webDir: string = WEB_DIR): Promise<AssetSources> {
  const pagesDir = join(webDir, 'pages');
  const pageDirs = (await entriesOf(pagesDir))
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(pagesDir, entry.name));
  const [scripts, statics] = await Promise.all([
    Promise.all(pageDirs.map(pageScript)),
    Promise.all([join(webDir, 'server'), ...pageDirs].map(staticFiles)),
  ]);
  return { scripts: scripts.filter((script) => script !== undefined), statics: statics.flat() };
}
