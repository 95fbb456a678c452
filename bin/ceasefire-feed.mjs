#!/usr/bin/env node
// Runs the CLI from cached esbuild bundles (see bin/bundle-cache.mjs), split by command: `extract` loads
// the readers and the extractor, never the AWS SDK that `drop` and `status` need.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { bundleIfStale, cacheDir, root } from './bundle-cache.mjs';

// The extractor's regexes each run thousands of times. V8 by default compiles a regex to bytecode for
// its first run and again to machine code for its second, and compiling the big alternations (trigger
// phrases, chrono-node's time units) is most of `extract`'s start-up: compiled once, straight to
// machine code, one file takes about 40% less CPU and 400 files about 7% less. Set before any regex runs.
setFlagsFromString('--no-regexp-tier-up');
// V8 by default hands a function to TurboFan after little work, and the extractor has many functions that
// each run briefly: optimising (and deoptimising) them cost more CPU than it saved over a few hundred
// files. With a budget about 15 times the default only the truly hot ones are optimised, with better
// feedback: 400 files take about a quarter less CPU, and a long run is no slower.
setFlagsFromString('--interrupt-budget=1000000');

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
