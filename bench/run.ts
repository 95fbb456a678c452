/**
 * `npm run bench`: prints the figures the design brief budgets, each next to its budget. It measures and
 * prints; it never fails on a slow figure (timed tests are flaky, figures are not).
 *
 *   extraction throughput (readArticles + extractEvents, ~5 KB articles, one core)
 *   the CLI: `extract --json` start-up and marginal cost per article, beside compromise + chrono-node on the same files
 *   cold import of the extraction module, and of each Lambda bundle (infra/bundle-size.ts), bundle sizes
 *   local stack: drop-to-feed latency p50/p95 over 100 drops, 1,000 articles fully ingested
 *   feed rebuild with 10,000 stored events (full and incremental)
 *   requests/s for /feed.xml with and without a conditional GET (autocannon, localhost, bounded)
 *   a polling round over 50 sources, each a publisher on its own loopback address: first poll, no
 *   change (304s), one new item each; wall and CPU time, requests, bytes, S3 and DynamoDB calls
 *
 * Options: --quick (smaller counts, for a smoke run), --only=a,b (sections: extraction, cli,
 * bundles, latency, ingest, rebuild, http, poll).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { BUNDLE_BUDGET_BYTES, LAMBDA_BUNDLE, REPO_ROOT } from '../infra/bundling.ts';
import { measureBundles, timeColdImport } from '../infra/bundle-size.ts';
import { EXTRA_ENV } from '../infra/names.ts';
import { readArticles } from '#commons/articles/read.ts';
import { makeS3Client } from '#commons/aws/clients.ts';
import { ENV } from '#commons/config.ts';
import { extractEvents } from '#commons/extraction/index.ts';
import { xmlEscaped } from '#commons/feeds/escape.ts';
import { mapLimit } from '#commons/pipeline/concurrency.ts';
import { FeedEventReader } from '#commons/pipeline/feed-events.ts';
import { publishDeps, publishFeeds, type PublishResult } from '#commons/pipeline/publish-feeds.ts';
import { closePipeline, pipelineFromEnv, type Pipeline } from '#commons/pipeline/runtime.ts';
import { localStatus } from '../functions/cli/status.ts';
import { startEmulators } from '../local/emulators.ts';
import { provision, startLocalStack, type LocalStack } from '../local/stack.ts';
import { makeArticle, makeEvents } from '../test/helpers/events.ts';
import { startPublisherServer, type PublisherServer } from '../test/sources/publisher-server.ts';
import { createFetcher } from '#commons/sources/fetch.ts';
import { pollSources, type PollRound } from '#commons/sources/poll.ts';
import { SourceRegistry } from '#commons/sources/registry.ts';
import { fetchOptions, POLL_DEFAULTS, POLL_ENV, pollSettingsFromEnv } from '#commons/sources/settings.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wants = (section: string) => !only || only.includes(section);
const N = {
  extraction: quick ? 200 : 1000,
  cli: quick ? 100 : 400,
  cliRuns: quick ? 3 : 5,
  latency: quick ? 20 : 100,
  ingest: quick ? 200 : 1000,
  events: quick ? 2000 : 10_000,
  httpSeconds: quick ? 2 : 5,
  sources: quick ? 10 : 50,
};

const CACHE = path.join(REPO_ROOT, 'node_modules', '.cache', 'ceasefire-feed-bench');
const SHARED_SEEDS = path.resolve(REPO_ROOT, '../shared/corpus/seeds');
const OWN_CORPUS = path.join(REPO_ROOT, 'test/fixtures/corpus/articles');

// ---------------------------------------------------------------- printing

const rows: string[] = [];
function figure(name: string, value: string, budget = '', ok?: boolean): void {
  const verdict = ok === undefined ? '' : ok ? '  ok' : '  OVER BUDGET';
  const line = `  ${name.padEnd(46)} ${value.padStart(16)}   ${budget}${verdict}`;
  rows.push(line);
  console.log(line);
}
function section(title: string): void {
  console.log(`\n${title}`);
}
const ms = (value: number) => `${value.toFixed(0)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

// ---------------------------------------------------------------- articles of about 5 KB

/** Real article texts (seeds and the own corpus), padded with each other's paragraphs to ~5 KB, each unique. */
function benchArticles(count: number, targetBytes = 5 * 1024): { name: string; text: string }[] {
  const sources = [SHARED_SEEDS, OWN_CORPUS]
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(path.join(dir, f), 'utf8')));
  if (sources.length === 0) throw new Error('No .txt articles found for the bench (../shared/corpus/seeds, test/fixtures/corpus/articles).');
  const paragraphs = sources.flatMap((s) => s.split(/\n\s*\n/).slice(1)).filter((p) => p.trim().length > 80);
  return Array.from({ length: count }, (_, i) => {
    let text = `${sources[i % sources.length]!.trim()}\n\nReference ${i}.`;
    for (let k = 0; Buffer.byteLength(text) < targetBytes; k++) text += `\n\n${paragraphs[(i * 7 + k) % paragraphs.length]}`;
    return { name: `article-${String(i).padStart(4, '0')}.txt`, text };
  });
}

/** Writes `count` bench articles into `folder` and returns their paths. */
async function writeBenchArticles(folder: string, count: number): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const files = benchArticles(count).map((a) => ({ file: path.join(folder, a.name), text: a.text }));
  for (const { file, text } of files) await writeFile(file, text);
  return files.map((f) => f.file);
}

// ---------------------------------------------------------------- sections

async function extraction(): Promise<void> {
  section(`Extraction (readArticles + extractEvents, one core, ${N.extraction} articles)`);
  const articles = benchArticles(N.extraction).map((a) => ({ key: `inbox/${a.name}`, bytes: Buffer.from(a.text) }));
  const avgKb = articles.reduce((s, a) => s + a.bytes.length, 0) / articles.length / 1024;
  const run = async (list: typeof articles) => {
    let events = 0;
    for (const a of list) {
      const read = await readArticles({ key: a.key, bytes: a.bytes, receivedAt: '2026-01-01T00:00:00.000Z' });
      if (read.ok) for (const article of read.articles) events += extractEvents(article).length;
    }
    return events;
  };
  await run(articles.slice(0, 50)); // warm-up (JIT, lazy data)
  const cpu = process.cpuUsage();
  const start = performance.now();
  const events = await run(articles);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const rate = articles.length / seconds;
  figure(`throughput (avg ${avgKb.toFixed(1)} KB, ${events} events)`, `${rate.toFixed(0)} articles/s`, 'budget >= 200 articles/s', rate >= 200);
  // Wall time suffers from whatever else the machine runs; CPU time less so (it includes the JIT and GC threads).
  figure('CPU time per article', `${((used.user + used.system) / articles.length).toFixed(0)} us`, 'this process, all threads');
}

/** Prints the process's CPU time (all threads) on exit, so a child's CPU can be read from its stderr. */
const CPU_REPORT = `data:text/javascript,process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-us ' + (u.user + u.system) + '\\n'); });`;

/** Wall and CPU milliseconds of `node ARGS` in its own process (its output is read and dropped). */
function timeProcess(args: string[]): { wall: number; cpu: number } {
  const start = performance.now();
  const child = spawnSync(process.execPath, [`--import=${CPU_REPORT}`, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const wall = performance.now() - start;
  const cpu = /cpu-us (\d+)\s*$/.exec(child.stderr);
  if (child.status !== 0 || !cpu) throw new Error(`node ${args.slice(0, 2).join(' ')} ... failed (${child.status}): ${child.stderr.slice(-500)}`);
  return { wall, cpu: Number(cpu[1]) / 1000 };
}

/**
 * Start-up (one file) and marginal cost per article ((all files - one file) / (files - 1)) of a command
 * run as a user runs it, medians of runs taken in turn.
 */
function perArticle(command: string[], files: string[], runs: number) {
  const one: { wall: number; cpu: number }[] = [];
  const all: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < runs; i++) {
    one.push(timeProcess([...command, files[0]!]));
    all.push(timeProcess([...command, ...files]));
  }
  const marginal = (key: 'wall' | 'cpu') => (median(all.map((r) => r[key])) - median(one.map((r) => r[key]))) / (files.length - 1);
  return {
    startup: { wall: median(one.map((r) => r.wall)), cpu: median(one.map((r) => r.cpu)) },
    marginal: { wall: marginal('wall'), cpu: marginal('cpu') },
  };
}

async function cli(): Promise<void> {
  section(
    `CLI in its own process, ${N.cli} files of ~5 KB: 'node bin/ceasefire-feed.mjs extract --json' beside compromise + chrono-node (bench/compromise-baseline.mjs), median of ${N.cliRuns} runs; CPU counts all threads`,
  );
  const dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-bench-cli-'));
  try {
    const files = await writeBenchArticles(dir, N.cli);
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'bin/ceasefire-feed.mjs'), '--help']); // builds the CLI bundle if stale
    const ours = perArticle([path.join(REPO_ROOT, 'bin/ceasefire-feed.mjs'), 'extract', '--json'], files, N.cliRuns);
    const naive = perArticle([path.join(REPO_ROOT, 'bench/compromise-baseline.mjs')], files, N.cliRuns);
    const perMs = (r: { wall: number; cpu: number }) => `${r.wall.toFixed(2)} / ${r.cpu.toFixed(2)} ms`;
    figure('extract: marginal cost per article (wall / CPU)', perMs(ours.marginal), 'budget <= 2 ms per article', ours.marginal.cpu <= 2);
    figure('extract: start-up, one file (wall / CPU)', `${ms(ours.startup.wall)} / ${ms(ours.startup.cpu)}`, 'budget < 400 ms', ours.startup.cpu < 400);
    figure('compromise + chrono-node: marginal per article', perMs(naive.marginal), `start-up ${ms(naive.startup.wall)} / ${ms(naive.startup.cpu)}`);
    const ratio = naive.marginal.cpu / ours.marginal.cpu;
    figure('extract is faster than compromise + chrono by', `${ratio.toFixed(1)}x`, `budget >= 10x (CPU; ${(naive.marginal.wall / ours.marginal.wall).toFixed(1)}x by wall)`, ratio >= 10);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function bundles(): Promise<void> {
  section('Bundles and cold imports (fresh node process, median of 5)');
  await mkdir(CACHE, { recursive: true });
  const outfile = path.join(CACHE, 'extraction.mjs');
  await build({
    entryPoints: [path.join(REPO_ROOT, 'functions/commons/extraction/index.ts')],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_BUNDLE.target,
    external: [...LAMBDA_BUNDLE.external],
    banner: { js: LAMBDA_BUNDLE.banner },
    logLevel: 'warning',
  });
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(outfile).href)}); console.log(performance.now() - t);`;
  const times = Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()));
  figure('cold import, extraction module', ms(median(times)), '(part of the ingest bundle)');
  const reports = await measureBundles({ coldImport: false });
  for (const r of reports) {
    figure(`${r.name} bundle size (minified)`, `${(r.bytes / 1024).toFixed(0)} KB`, `budget <= ${(BUNDLE_BUDGET_BYTES / 1024 / 1024).toFixed(1)} MB`, r.withinBudget);
    const cold = median(Array.from({ length: 5 }, () => timeColdImport(r.outfile)));
    figure(`${r.name} bundle cold import`, ms(cold), r.name === 'ingest' ? 'budget < 300 ms' : '', r.name === 'ingest' ? cold < 300 : undefined);
  }
}

async function withStack<T>(work: (stack: LocalStack, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-bench-'));
  // BENCH_LOG=1 prints the stack's progress lines (each object, each rebuild).
  const log = process.env.BENCH_LOG ? (line: string) => console.log(`    ${line}`) : undefined;
  const stack = await startLocalStack({ dataDir: path.join(dir, 'data'), port: 0, s3Port: 0, dynamoPort: 0, logLevel: 'ERROR', ...(log ? { log } : {}) });
  try {
    return await work(stack, dir);
  } finally {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function latency(stack: LocalStack): Promise<void> {
  section(`Local stack: drop-to-feed latency (${N.latency} drops, one at a time, until /feed.json shows it)`);
  const s3 = makeS3Client({ s3Endpoint: stack.state.s3Endpoint });
  const feedUrl = `${stack.state.feedBaseUrl}/feed.json`;
  let etag = '';
  const samples: number[] = [];
  // Drop 0 warms up (the ingest workers load in the background at start); it is reported on its own.
  for (let i = 0; i <= N.latency; i++) {
    const day = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000);
    const date = day.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    const marker = `(bench ${i})`;
    const text = `Truce agreed in Gaza ${marker}\n\nIsrael and Hamas agreed on ${date} to a ceasefire in Gaza brokered by Egypt and Qatar, officials said in Cairo.\n`;
    const start = performance.now();
    await s3.send(new PutObjectCommand({ Bucket: stack.state.inboxBucket, Key: `inbox/latency-${i}.txt`, Body: Buffer.from(text) }));
    for (;;) {
      const response = await fetch(feedUrl, { headers: etag ? { 'If-None-Match': etag } : {} });
      if (response.status === 200) {
        etag = response.headers.get('etag') ?? '';
        if ((await response.text()).includes(marker)) break;
      } else {
        await response.arrayBuffer();
      }
      if (performance.now() - start > 30_000) throw new Error(`drop ${i} did not reach the feed within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    samples.push(performance.now() - start);
  }
  s3.destroy();
  const first = samples.shift()!;
  figure('first drop after start (workers loading)', ms(first));
  figure('drop-to-feed p50', ms(percentile(samples, 50)));
  figure('drop-to-feed p95', ms(percentile(samples, 95)), 'budget < 2000 ms', percentile(samples, 95) < 2000);
  figure('drop-to-feed max', ms(Math.max(...samples)));
}

async function ingest(stack: LocalStack, dir: string): Promise<void> {
  section(`Local stack: ${N.ingest} articles (~5 KB) dropped with 'npx ceasefire-feed drop DIR', until all are in the store and the feed`);
  const folder = path.join(dir, 'articles');
  await writeBenchArticles(folder, N.ingest);
  const before = await localStatus(stack.state);
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'bin/ceasefire-feed.mjs'), '--help']); // builds the CLI bundle if stale
  // The CLI in its own process, as a user runs it: `npx ceasefire-feed drop DIR`.
  const cpu = process.cpuUsage();
  const start = performance.now();
  const cli = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/ceasefire-feed.mjs'), 'drop', folder], {
    env: { ...process.env, DATA_DIR: stack.state.dataDir, PORT: String(stack.state.port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let cliOut = '';
  cli.stdout.on('data', (d) => (cliOut += d));
  const code = await new Promise<number | null>((resolve) => cli.on('close', resolve));
  if (code !== 0) throw new Error(`ceasefire-feed drop failed (${code}): ${cliOut}`);
  const uploaded = performance.now();
  await stack.idle();
  const done = performance.now();
  const used = process.cpuUsage(cpu);
  const after = await localStatus(stack.state);
  const outcomes = after.processed + after.rejected - before.processed - before.rejected;
  figure('upload: npx ceasefire-feed drop DIR', ms(uploaded - start), `${N.ingest} files, 8 at a time, in its own process`);
  figure(`all ${N.ingest} ingested and published`, `${((done - start) / 1000).toFixed(1)} s`, 'budget < 60 s', done - start < 60_000);
  figure('CPU time of the stack meanwhile', ms((used.user + used.system) / 1000), 'the stack process: handlers and embedded servers');
  figure('outcomes recorded', `${outcomes}/${N.ingest}`, `${after.events} events in the feed, ${after.pending} pending`);
}

async function http(stack: LocalStack): Promise<void> {
  section(`Local feed server: /feed.xml for ${N.httpSeconds} s each, 10 connections, autocannon in its own process`);
  const url = `${stack.state.feedBaseUrl.replace('localhost', '127.0.0.1')}/feed.xml`;
  const first = await fetch(url);
  const etag = first.headers.get('etag')!;
  const kb = (await first.arrayBuffer()).byteLength / 1024;
  const cannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const run = async (headers: string[]) => {
    const args = [cannon, '-j', '-c', '10', '-d', String(N.httpSeconds), ...headers.flatMap((h) => ['-H', h]), url];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise((resolve) => child.on('close', resolve));
    const result = JSON.parse(out) as { requests: { average: number }; latency: { p99: number }; non2xx: number; '2xx': number };
    return result;
  };
  const plain = await run([]);
  figure(`GET /feed.xml (${kb.toFixed(0)} KB)`, `${plain.requests.average.toFixed(0)} req/s`, `p99 ${plain.latency.p99} ms, ${plain['2xx']} 200s`);
  const conditional = await run([`If-None-Match=${etag}`]);
  figure('GET /feed.xml with If-None-Match (304)', `${conditional.requests.average.toFixed(0)} req/s`, `p99 ${conditional.latency.p99} ms, ${conditional.non2xx} 304s`);
}

async function rebuild(): Promise<void> {
  section(
    `Feed rebuild with ${N.events} stored events (publishFeeds: Query, render of changed pages, writes of changed files; the incremental builds with one publisher are what a running publisher does)`,
  );
  await withEmulatedPipeline('rebuild', async (pipeline) => {
    const events = makeEvents(N.events);
    const fillStart = performance.now();
    const chunks = Array.from({ length: Math.ceil(events.length / 10) }, (_, i) => events.slice(i * 10, i * 10 + 10));
    await mapLimit(chunks, 8, (chunk, i) => pipeline.store.recordArticle(makeArticle({ seed: `bench-${i}`, receivedAt: chunk[0]!.updatedAt }), chunk));
    figure('(store filled)', `${((performance.now() - fillStart) / 1000).toFixed(1)} s`, `${N.events} events`);
    const deps = publishDeps(pipeline);
    const show = (name: string, r: PublishResult, budget = false) =>
      figure(
        name,
        ms(r.timings.totalMs),
        `${budget ? 'budget < 1000 ms; ' : ''}read ${r.timings.readMs} (${r.read.source === 'query' ? 'full Query' : `versions + ${r.read.fetched} events`}) + render ${r.timings.renderMs} + plan/write ${r.timings.writeMs} ms; ${r.rendered} files rendered, ${r.written.length} written`,
        budget ? r.timings.totalMs < 1000 : undefined,
      );
    show('first build (no manifest, every file new)', await publishFeeds(deps));
    show('full rebuild, --full (all pages rendered, bytes same)', await publishFeeds(deps, { full: true }));
    show('incremental, nothing changed', await publishFeeds(deps), true);
    const [newest] = makeEvents(1, 'newest');
    await pipeline.store.recordArticle(makeArticle({ seed: 'newest' }), [{ ...newest!, occurred: { date: '2017-01-01', precision: 'day', basis: 'explicit' } }]);
    show('incremental, one new event', await publishFeeds(deps), true);
    // What a publisher that has just started (a cold Lambda) pays: no cached events yet, one full Query.
    show('incremental, nothing changed, cold process', await publishFeeds({ ...deps, events: new FeedEventReader(pipeline.store) }));
  });
}

/** The pipeline's clients on embedded S3 and DynamoDB of their own, with buckets and table, for `work`. */
async function withEmulatedPipeline(name: string, work: (pipeline: Pipeline) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), `ceasefire-bench-${name}-`));
  const emulators = await startEmulators({ dataDir: dir, s3Port: 0, dynamoPort: 0 });
  const pipeline = pipelineFromEnv({
    [ENV.tableName]: 'bench-events',
    [ENV.inboxBucket]: 'bench-inbox',
    [ENV.feedBucket]: 'bench-feed',
    [ENV.feedBaseUrl]: 'https://feeds.example.org',
    [ENV.s3Endpoint]: emulators.s3Endpoint,
    [ENV.dynamoEndpoint]: emulators.dynamoEndpoint,
    [EXTRA_ENV.feedCacheControl]: 'public, max-age=60',
  });
  try {
    await provision(pipeline);
    await work(pipeline);
  } finally {
    closePipeline(pipeline);
    await emulators.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A publisher's feed of `count` items: every third one only a summary (its page is fetched), the rest full texts. */
function benchFeed(publisher: PublisherServer, index: number, count: number): string {
  const texts = benchArticles(count, 3 * 1024);
  const items = texts.map((article, k) => {
    const [title = '', ...paragraphs] = article.text.split(/\n\s*\n/);
    const link = `${publisher.base}/articles/${index}/${k}`;
    const date = new Date(Date.UTC(2026, 0, 1, 0, k)).toUTCString();
    const body = k % 3 === 0 ? `<description>${xmlEscaped(paragraphs[0] ?? '')}</description>` : `<content:encoded><![CDATA[${paragraphs.map((p) => `<p>${p}</p>`).join('')}]]></content:encoded>`;
    return `<item><title>${xmlEscaped(title)} (${index}-${k})</title><link>${link}</link><guid>${link}</guid><pubDate>${date}</pubDate>${body}</item>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Publisher ${index}</title><link>${publisher.base}/</link><description>Bench</description>${items.join('')}</channel></rss>`;
}

async function poll(): Promise<void> {
  const perFeed = 10;
  section(
    `A polling round over ${N.sources} sources, each a publisher on its own loopback address with a feed of ${perFeed} items (every third a summary whose page is fetched); the stage defaults: ${POLL_DEFAULTS.hostDelayMs} ms between requests to a host, ${POLL_DEFAULTS.concurrency} hosts at a time`,
  );
  await withEmulatedPipeline('poll', async (pipeline) => {
    const calls = new Map<string, number>();
    const counted = (commandName: unknown) => calls.set(String(commandName), (calls.get(String(commandName)) ?? 0) + 1);
    pipeline.s3.middlewareStack.add((next, context) => (args) => (counted(context.commandName), next(args)), { step: 'initialize', name: 'benchCount' });
    pipeline.dynamo.middlewareStack.add((next, context) => (args) => (counted(context.commandName), next(args)), { step: 'initialize', name: 'benchCount' });
    const publishers = await Promise.all(Array.from({ length: N.sources }, (_, i) => startPublisherServer({ host: `127.0.0.${i + 2}` })));
    // The stage defaults, with the publishers' loopback addresses let through.
    const settings = pollSettingsFromEnv({ [POLL_ENV.allowPrivateSources]: '127.0.0.0/8' }, 'local', 'https://feeds.example.org');
    const fetcher = createFetcher(fetchOptions(settings));
    try {
      const registry = new SourceRegistry(pipeline.dynamo, pipeline.config.tableName);
      for (const [i, publisher] of publishers.entries()) {
        publisher.set('/feed.xml', { body: benchFeed(publisher, i, perFeed), contentType: 'application/rss+xml; charset=utf-8' });
        await registry.add({ name: `publisher-${i}`, url: `${publisher.base}/feed.xml` }, new Date().toISOString());
      }
      const deps = { registry, s3: pipeline.s3, inboxBucket: pipeline.config.inboxBucket, fetcher, settings };
      const measure = async (name: string) => {
        calls.clear();
        const before = publishers.reduce((sum, p) => sum + p.requests.length, 0);
        const cpu = process.cpuUsage();
        const start = performance.now();
        const round: PollRound = await pollSources(deps);
        const wall = performance.now() - start;
        const used = process.cpuUsage(cpu);
        const requests = publishers.reduce((sum, p) => sum + p.requests.length, 0) - before;
        const count = (...names: string[]) => names.reduce((sum, n) => sum + (calls.get(n) ?? 0), 0);
        // The document client's commands run as the base client's (GetItemCommand for GetCommand, ...).
        const reads = count('QueryCommand', 'GetItemCommand');
        const writes = count('PutItemCommand', 'UpdateItemCommand');
        figure(name, ms(wall), `${round.dropped} items dropped, ${round.failed} failed; ${requests} HTTP requests; CPU ${ms((used.user + used.system) / 1000)}`);
        figure('  S3 and DynamoDB calls', `${count('PutObjectCommand')} + ${reads + writes}`, `${count('PutObjectCommand')} PutObject; DynamoDB ${reads} reads (Query/GetItem), ${writes} writes (PutItem/UpdateItem)`);
        // What Lambda bills: the function's memory for the round's duration.
        figure('  Lambda GB-seconds at 512 MB', ((wall / 1000) * 0.5).toFixed(1), 'most of it waiting: the per-host delay and the network');
        if (round.errors.length) throw new Error(`the round failed: ${round.errors.join('; ')}`);
      };
      await measure('first poll: every item new');
      await measure('no change: conditional GETs answered 304');
      for (const [i, publisher] of publishers.entries()) {
        publisher.set('/feed.xml', { body: benchFeed(publisher, i, perFeed + 1), contentType: 'application/rss+xml; charset=utf-8' });
      }
      await measure('one new item in every feed');
    } finally {
      fetcher.close();
      await Promise.all(publishers.map((p) => p.stop()));
    }
  });
}

// ---------------------------------------------------------------- main

console.log(
  `ceasefire-feed bench${quick ? ' (--quick)' : ''}: node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at start; figures next to the budgets of the design brief`,
);
if (wants('extraction')) await extraction();
if (wants('cli')) await cli();
if (wants('bundles')) await bundles();
if (wants('latency') || wants('ingest') || wants('http')) {
  await withStack(async (stack, dir) => {
    if (wants('latency')) await latency(stack);
    if (wants('ingest')) await ingest(stack, dir);
    if (wants('http')) await http(stack);
  });
}
if (wants('rebuild')) await rebuild();
if (wants('poll')) await poll();
console.log(`\nSummary\n${rows.join('\n')}`);
