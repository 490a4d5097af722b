import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder (where its package.json says "kinoyu"), found by walking up from this
 * module. The same code runs from its sources (src/…, under tsx in the tests) and from the bundle that
 * `npm start` builds (dist/kinoyu.mjs, scripts/launch.mjs): a path relative to import.meta.url would
 * point elsewhere in each, a path from the root is right in both.
 */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kinoyu'
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of kinoyu above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
