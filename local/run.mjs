#!/usr/bin/env node
// Runs a local/ script (`node local/run.mjs start`) from one esbuild bundle, like bin/ceasefire-feed.mjs
// does for the CLI: loading one bundled file starts about twice as fast as compiling the TypeScript
// sources with tsx on every start. The bundle is rebuilt whenever a source file is newer, so a fresh
// clone and a developer's edits both just work. s3rver and dynalite run in a worker thread
// (local/emulator-worker.mjs, copied beside the bundle) and are not bundled.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleIfStale, cacheDir as outdir, root } from '../bin/bundle-cache.mjs';

const [name = 'start', ...args] = process.argv.slice(2);
if (!/^[a-z-]+$/.test(name) || !existsSync(join(root, 'local', `${name}.ts`))) {
  console.error(`local/run.mjs: no script local/${name}.ts`);
  process.exit(2);
}
const entry = join(root, 'local', `${name}.ts`);
const bundle = join(outdir, `local-${name}.mjs`);
// `start` runs the ingest handler in worker threads: their script is bundled beside it
// (local/ingest-workers.ts looks for it there).
const workerEntry = name === 'start' ? join(root, 'local/ingest-worker.ts') : undefined;
const worker = join(outdir, 'local-ingest-worker.mjs');

await bundleIfStale({
  sources: ['functions', 'schemas', 'local', 'infra/names.ts', 'package.json'],
  outputs: workerEntry ? [bundle, worker] : [bundle],
  entryPoints: workerEntry ? [entry, workerEntry] : [entry],
  outdir,
  entryNames: 'local-[name]',
  outExtension: { '.js': '.mjs' },
  external: ['s3rver', 's3rver/*', 'dynalite', 'esbuild'],
});
// The embedded servers' worker thread is loaded from beside the module that starts it.
copyFileSync(join(root, 'local/emulator-worker.mjs'), join(outdir, 'emulator-worker.mjs'));
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(bundle).href);
