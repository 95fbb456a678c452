#!/usr/bin/env node
// Runs the CLI from one cached esbuild bundle (see bin/bundle-cache.mjs).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleIfStale, cacheDir, root } from './bundle-cache.mjs';

const bundle = join(cacheDir, 'cli.mjs');
await bundleIfStale({
  sources: ['functions', 'schemas', 'package.json'],
  outputs: [bundle],
  entryPoints: [join(root, 'functions/cli/main.ts')],
  outfile: bundle,
  minify: true,
});
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
