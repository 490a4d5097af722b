// The entry of `npm start`, `npm run start:api` and `npm run start:bot` (package.json): runs src/main.ts
// from one bundle of the server's sources, dist/kinoyu.mjs, and (re)builds it with esbuild first when it
// is missing or older than a file under src/ (the first start after an install, a pull or an edit).
// `node scripts/launch.mjs --build-only` (`npm run build`) only builds it.
//
// Why a bundle and not tsx, which the tests and the other scripts use: tsx compiles every module at each
// start and keeps its loader resident. From the bundle, on this 2-core machine (bench/startup-memory.ts):
// ready in about 1.6 s instead of 2.4–2.5 on PostgreSQL, 2.4–2.6 s instead of 3.5 on an existing embedded
// database, and 119–132 MB resident after 5 s idle on PostgreSQL instead of 157–165 (SPEC §8: ≤ 3 s and
// ≤ 150 MB). Packages stay outside the bundle (node_modules), so only the project's own code is in it.
// Plain JavaScript on purpose: it runs before anything can compile TypeScript.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = path.join(ROOT, 'src');
const BUNDLE = path.join(ROOT, 'dist', 'kinoyu.mjs');

/** The newest modification time among the sources, package.json and this script. */
function newestSourceTime() {
  let newest = Math.max(
    statSync(path.join(ROOT, 'package.json')).mtimeMs,
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
  );
  for (const entry of readdirSync(SOURCES, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

function bundleTime() {
  try {
    return statSync(BUNDLE).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Builds the bundle beside its place and renames it there: processes starting together never read half a file. */
async function build() {
  const { build: esbuild } = await import('esbuild');
  mkdirSync(path.dirname(BUNDLE), { recursive: true });
  const partial = `${BUNDLE}.${process.pid}.tmp`;
  try {
    await esbuild({
      entryPoints: [path.join(SOURCES, 'main.ts')],
      outfile: partial,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
    renameSync(partial, BUNDLE);
  } finally {
    rmSync(partial, { force: true });
  }
}

const buildOnly = process.argv.includes('--build-only');
const builtAt = bundleTime();
if (buildOnly || builtAt === undefined || builtAt < newestSourceTime()) {
  process.stderr.write(
    `kinoyu: building ${path.relative(ROOT, BUNDLE)} from src/ (after an install or a change)…\n`,
  );
  await build();
}
if (!buildOnly) await import(pathToFileURL(BUNDLE).href);
