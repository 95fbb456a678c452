#!/usr/bin/env node
// Runs the CLI from cached esbuild bundles (see bin/bundle-cache.mjs), split by command: `extract` loads
// the readers and the extractor, never the AWS SDK that `drop` and `status` need.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleIfStale, cacheDir, root } from './bundle-cache.mjs';

const outdir = join(cacheDir, 'cli');
const bundle = join(outdir, 'main.mjs');
await bundleIfStale({
  sources: ['functions', 'schemas', 'package.json'],
  outputs: [bundle],
  entryPoints: [join(root, 'functions/cli/main.ts')],
  outdir,
  splitting: true,
  outExtension: { '.js': '.mjs' },
  minify: true,
});
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
