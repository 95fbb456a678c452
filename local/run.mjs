#!/usr/bin/env node
// Runs a local/ script (`node local/run.mjs start`) from one esbuild bundle, like bin/ceasefire-feed.mjs
// does for the CLI: loading one bundled file starts about twice as fast as compiling the TypeScript
// sources with tsx on every start. The bundle is rebuilt whenever a source file is newer, so a fresh
// clone and a developer's edits both just work. s3rver and dynalite run in a worker thread
// (local/emulator-worker.mjs, copied beside the bundle) and are not bundled.
import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name = 'start', ...args] = process.argv.slice(2);
if (!/^[a-z-]+$/.test(name) || !existsSync(join(root, 'local', `${name}.ts`))) {
  console.error(`local/run.mjs: no script local/${name}.ts`);
  process.exit(2);
}
const entry = join(root, 'local', `${name}.ts`);
const outdir = join(root, 'node_modules/.cache/ceasefire-feed');
const bundle = join(outdir, `local-${name}.mjs`);
// `start` runs the ingest handler in worker threads: their script is bundled beside it
// (local/ingest-workers.ts looks for it there).
const workerEntry = name === 'start' ? join(root, 'local/ingest-worker.ts') : undefined;
const worker = join(outdir, 'local-ingest-worker.mjs');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const item of readdirSync(path)) latest = Math.max(latest, newest(join(path, item)));
  return latest;
}

const sources = Math.max(...['functions', 'schemas', 'local', 'infra/names.ts', 'package.json'].map((p) => newest(join(root, p))));
const stale = (file) => !existsSync(file) || statSync(file).mtimeMs < sources;
if (stale(bundle) || (workerEntry && stale(worker))) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: workerEntry ? [entry, workerEntry] : [entry],
    outdir,
    entryNames: 'local-[name]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    external: ['s3rver', 's3rver/*', 'dynalite', 'esbuild'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
}
// The embedded servers' worker thread is loaded from beside the module that starts it.
copyFileSync(join(root, 'local/emulator-worker.mjs'), join(outdir, 'emulator-worker.mjs'));
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(bundle).href);
