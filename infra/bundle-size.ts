/**
 * Bundles each Lambda handler exactly as the CDK stack does (infra/bundling.ts) and reports its minified size
 * against the 1.5 MB budget, plus how long a cold `import` of the bundle takes in a fresh Node process.
 *
 *   npx tsx infra/bundle-size.ts          # table; exit code 1 when a bundle is over budget
 *   npx tsx infra/bundle-size.ts --json   # machine-readable, for `npm run bench`
 *
 * `measureBundles()` is exported for the bench script. Bundles are written under node_modules/.cache so that the
 * external `@aws-sdk/*` imports resolve when the cold import is timed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_BUDGET_BYTES, HANDLERS, LAMBDA_BUNDLE, REPO_ROOT, handlerEntry, type HandlerName } from './bundling.ts';
import { metricsNamespace } from './names.ts';

export interface BundleReport {
  name: HandlerName;
  entry: string;
  outfile: string;
  bytes: number;
  budgetBytes: number;
  withinBudget: boolean;
  /** Wall time of `await import(bundle)` in a new Node process, in milliseconds. */
  coldImportMs?: number;
  /** The three largest inputs, to show where the bytes come from. */
  largestInputs: { path: string; bytes: number }[];
}

export const BUNDLE_OUT_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'ceasefire-feed-bundles');

/** Placeholder values for the variables functions/commons/config.ts requires, so a handler can be imported. */
const IMPORT_ENV = {
  STAGE: 'bench',
  TABLE_NAME: 'bench-table',
  INBOX_BUCKET: 'bench-inbox',
  FEED_BUCKET: 'bench-feed',
  FEED_BASE_URL: 'https://feeds.example.org',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_METRICS_NAMESPACE: metricsNamespace('bench'),
  POWERTOOLS_SERVICE_NAME: 'bench',
};

export async function bundleHandler(name: HandlerName, outDir = BUNDLE_OUT_DIR): Promise<BundleReport> {
  const outfile = path.join(outDir, name, 'index.mjs');
  const result = await build({
    entryPoints: [handlerEntry(name)],
    outfile,
    bundle: true,
    metafile: true,
    logLevel: 'warning',
    target: LAMBDA_BUNDLE.target,
    format: LAMBDA_BUNDLE.format,
    platform: LAMBDA_BUNDLE.platform,
    minify: LAMBDA_BUNDLE.minify,
    sourcemap: LAMBDA_BUNDLE.sourcemap,
    charset: LAMBDA_BUNDLE.charset,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    external: [...LAMBDA_BUNDLE.external],
    banner: { js: LAMBDA_BUNDLE.banner },
  });
  const bytes = fs.statSync(outfile).size;
  const output = Object.values(result.metafile.outputs)[0];
  const largestInputs = Object.entries(output?.inputs ?? {})
    .map(([input, info]) => ({ path: input, bytes: info.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3);
  return {
    name,
    entry: HANDLERS[name],
    outfile,
    bytes,
    budgetBytes: BUNDLE_BUDGET_BYTES,
    withinBudget: bytes <= BUNDLE_BUDGET_BYTES,
    largestInputs,
  };
}

/** Imports the bundle in a fresh Node process and returns how long the import took. */
export function timeColdImport(outfile: string): number {
  const script =
    'const t = performance.now();' +
    `const m = await import(${JSON.stringify(pathToFileURL(outfile).href)});` +
    "if (typeof m.handler !== 'function') throw new Error('the bundle does not export handler');" +
    'console.log(performance.now() - t);';
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...IMPORT_ENV },
    encoding: 'utf8',
  });
  return Number(out.trim().split('\n').pop());
}

export async function measureBundles(options: { coldImport?: boolean } = {}): Promise<BundleReport[]> {
  const reports: BundleReport[] = [];
  for (const name of Object.keys(HANDLERS) as HandlerName[]) {
    const report = await bundleHandler(name);
    if (options.coldImport !== false) report.coldImportMs = timeColdImport(report.outfile);
    reports.push(report);
  }
  return reports;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const reports = await measureBundles();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(reports, null, 2));
  } else {
    console.log(`Lambda bundles (minified ESM, @aws-sdk external; budget ${kb(BUNDLE_BUDGET_BYTES)} each)`);
    for (const r of reports) {
      const verdict = r.withinBudget ? 'ok' : 'OVER BUDGET';
      const cold = r.coldImportMs === undefined ? '' : `, cold import ${r.coldImportMs.toFixed(0)} ms`;
      console.log(`  ${r.name.padEnd(8)} ${kb(r.bytes).padStart(10)}  ${verdict}${cold}`);
      for (const input of r.largestInputs) console.log(`           ${kb(input.bytes).padStart(10)}  ${input.path}`);
    }
  }
  if (reports.some((r) => !r.withinBudget)) process.exitCode = 1;
}
