// Shared by bin/ceasefire-feed.mjs and local/run.mjs: run TypeScript entry points from esbuild bundles
// cached in node_modules/.cache, rebuilt whenever a source is newer than the bundle. Loading one
// bundled file starts several times faster than compiling the sources module by module, and a fresh
// clone or a developer's edit needs no separate build step.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = join(root, 'node_modules/.cache/ceasefire-feed');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const item of readdirSync(path)) latest = Math.max(latest, newest(join(path, item)));
  return latest;
}

/**
 * Bundles `entryPoints` (ESM, node20) when any of `outputs` is missing or older than `sources` (paths under the repo).
 * A split build (`splitting`, into an `outdir` of its own) removes the chunks of earlier builds from it.
 */
export async function bundleIfStale({ sources, outputs, ...options }) {
  const latest = Math.max(...sources.map((p) => newest(join(root, p))));
  if (outputs.every((file) => existsSync(file) && statSync(file).mtimeMs >= latest)) return;
  const { build } = await import('esbuild');
  const result = await build({
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    ...options,
    // The metafile names outputs relative to this, whatever directory the command was run from.
    absWorkingDir: root,
    metafile: true,
  });
  if (!options.splitting) return;
  const written = new Set(Object.keys(result.metafile.outputs).map((file) => resolve(root, file)));
  for (const file of readdirSync(options.outdir)) {
    if (!written.has(join(options.outdir, file))) rmSync(join(options.outdir, file));
  }
}
