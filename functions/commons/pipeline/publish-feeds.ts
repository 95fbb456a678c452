/**
 * Rebuild the feeds: every event (read through `FeedEventReader`: a Query on the feed index, never a
 * Scan, then only the events that changed since the last rebuild in this process), the whole site rendered
 * incrementally (main, per-theatre and per-type feeds, their pages and archives: feeds/render.ts)
 * against the page manifest kept in the feed bucket, and written only where the bytes changed, so an
 * object's ETag and Last-Modified change only when its content does.
 *
 * - `_publish/manifest.json` (in the feed bucket) holds the page fingerprints and the sha256 of every
 *   file of the last build; only pages whose fingerprint changed are rendered, one at a time, and of
 *   their files only those whose hash differs are written (no request to compare).
 * - Each object also carries its hash as `x-amz-meta-sha256`. Without a usable manifest (first build,
 *   `full`, a changed Cache-Control) every page is rendered and compared with a HeadObject, so a lost
 *   manifest costs a full render, never a needless write.
 * - Files of pages that disappear are deleted and reported in `removed`: a theatre or type feed whose
 *   only development re-extraction removed (pipeline/reextract.ts), or archive pages after a page-size
 *   change. A subscriber then gets 404 rather than a development the product no longer stands by.
 *   Found from the manifest, so a build without one (first, `full`) deletes nothing.
 */
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { s3 } from '#commons/aws/sdk.ts';
import { FEED_TTL_MINUTES } from '#commons/feeds/polling.ts';
import { planChangedFeeds, type PageManifest, type RenderedFile } from '#commons/feeds/render.ts';
import { mapLimit } from './concurrency.ts';
import { FeedEventReader, type FeedEventsRead } from './feed-events.ts';
import { isNotFound } from './s3-errors.ts';
import type { Pipeline } from './runtime.ts';

export const MANIFEST_KEY = '_publish/manifest.json';
const MANIFEST_VERSION = 3;
const WRITE_CONCURRENCY = 8;
/** Rendered files held before they are written (pages are rendered one at a time, on demand). */
const WRITE_BATCH = 32;

export interface PublishDeps {
  /** Keep one per process: its cache is what makes a rebuild after a few changes read only those. */
  events: FeedEventReader;
  s3: S3Client;
  feedBucket: string;
  /** Public base URL of the feeds (FEED_BASE_URL). */
  baseUrl: string;
  cacheControl: string;
  websubHub?: string;
  /** The feeds carry developments whose corroborated confidence reaches this; the pages show the others (FEED_MIN_CONFIDENCE). */
  minConfidence: number;
}

/** The deps from a pipeline's configuration (FEED_BUCKET, FEED_BASE_URL, FEED_CACHE_CONTROL, FEED_MIN_CONFIDENCE, WEBSUB_HUB). */
export function publishDeps(pipeline: Pipeline): PublishDeps {
  const { config } = pipeline;
  return {
    events: new FeedEventReader(pipeline.store),
    s3: pipeline.s3,
    feedBucket: config.feedBucket,
    baseUrl: config.feedBaseUrl,
    cacheControl: pipeline.feedCacheControl,
    minConfidence: pipeline.feedMinConfidence,
    ...(config.websubHub ? { websubHub: config.websubHub } : {}),
  };
}

export interface PublishOptions {
  /** Read every event afresh, ignore the manifest and render every page (writes still happen only where bytes differ). */
  full?: boolean;
}

export interface PublishResult {
  events: number;
  /** Of those, the developments below the minimum confidence: on the pages, not in the feeds. */
  belowThreshold: number;
  /** How the events were read (one full Query, or the versions Query plus a GetItem per changed event). */
  read: Pick<FeedEventsRead, 'source' | 'fetched'>;
  /** Files rendered because their page changed (or all, with `full`). */
  rendered: number;
  /** Keys written because their bytes (or headers) changed. */
  written: string[];
  /** Rendered files whose stored copy was already identical. */
  unchanged: number;
  /** Files of pages that no longer exist, deleted. */
  removed: string[];
  timings: { readMs: number; renderMs: number; writeMs: number; totalMs: number };
}

interface Manifest {
  version: number;
  cacheControl: string;
  /** Page fingerprints (feeds/render.ts). */
  pages: PageManifest;
  /** sha256 of every file as written, by key. */
  files: Record<string, string>;
}

export async function publishFeeds(deps: PublishDeps, options: PublishOptions = {}): Promise<PublishResult> {
  const started = performance.now();
  const [{ events, source, fetched }, previous] = await Promise.all([
    deps.events.read({ full: options.full }),
    options.full ? Promise.resolve(undefined) : readManifest(deps),
  ]);
  const read = performance.now();

  // A different Cache-Control must reach every object (and the <ttl> derived from it), so an old manifest does not apply.
  const usable = previous?.cacheControl === deps.cacheControl ? previous : undefined;
  const site = planChangedFeeds(
    events,
    {
      baseUrl: deps.baseUrl,
      ttlMinutes: ttlMinutesOf(deps.cacheControl),
      minConfidence: deps.minConfidence,
      ...(deps.websubHub ? { websubHub: deps.websubHub } : {}),
    },
    usable?.pages,
  );
  const removed = new Set(site.removed);
  const files = Object.fromEntries(Object.entries(usable?.files ?? {}).filter(([key]) => !removed.has(key)));
  const manifest: Manifest = { version: MANIFEST_VERSION, cacheControl: deps.cacheControl, pages: site.manifest, files };

  // Pages are rendered one at a time and written in batches, so a full rebuild never holds every file.
  let renderMs = 0;
  let rendered = 0;
  const written: string[] = [];
  let batch: [string, RenderedFile][] = [];
  const flush = async () => {
    const results = await mapLimit(batch, WRITE_CONCURRENCY, async ([key, file]) => {
      const hash = sha256(file.body);
      const changed = await writeIfChanged(deps, key, file, hash, usable?.files[key]);
      files[key] = hash;
      return changed ? key : undefined;
    });
    written.push(...results.filter((key): key is string => key !== undefined));
    batch = [];
  };
  const pages = site.pages();
  for (;;) {
    const t = performance.now();
    const next = pages.next();
    renderMs += performance.now() - t;
    if (next.done) break;
    for (const entry of next.value.files) batch.push(entry);
    rendered += next.value.files.size;
    if (batch.length >= WRITE_BATCH) await flush();
  }
  await flush();
  await mapLimit(site.removed, WRITE_CONCURRENCY, (key) => deps.s3.send(new s3.DeleteObjectCommand({ Bucket: deps.feedBucket, Key: key })));
  // Last: a manifest is only ever written for files that are in place.
  manifest.files = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (JSON.stringify(manifest) !== JSON.stringify(previous)) await writeManifest(deps, manifest);
  const done = performance.now();

  return {
    events: events.length,
    belowThreshold: site.belowThreshold,
    read: { source, fetched },
    rendered,
    written: written.sort(),
    unchanged: rendered - written.length,
    removed: site.removed,
    timings: {
      readMs: Math.round(read - started),
      renderMs: Math.round(renderMs),
      writeMs: Math.round(done - read - renderMs),
      totalMs: Math.round(done - started),
    },
  };
}

/**
 * The RSS <ttl> (minutes) that says what the objects' Cache-Control says: readers are asked to poll as
 * often as caches may reuse a copy. The stage sets Cache-Control (infra/config.ts, FEED_CACHE_CONTROL).
 */
export function ttlMinutesOf(cacheControl: string): number {
  const maxAge = /(?:^|,)\s*max-age=(\d+)/i.exec(cacheControl)?.[1];
  return maxAge === undefined ? FEED_TTL_MINUTES : Math.max(1, Math.ceil(Number(maxAge) / 60));
}

function sha256(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * PutObject unless the stored object already has these bytes and headers. With a manifest the stored
 * hash is known and no request is needed to compare; without one (first build, `full`) a HeadObject
 * reads the hash the object was stored with.
 */
async function writeIfChanged(deps: PublishDeps, key: string, file: RenderedFile, hash: string, knownHash: string | undefined): Promise<boolean> {
  if (knownHash !== undefined) {
    if (knownHash === hash) return false;
  } else {
    try {
      const head = await deps.s3.send(new s3.HeadObjectCommand({ Bucket: deps.feedBucket, Key: key }));
      if (head.Metadata?.sha256 === hash && head.ContentType === file.contentType && head.CacheControl === deps.cacheControl) {
        return false;
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  await deps.s3.send(
    new s3.PutObjectCommand({
      Bucket: deps.feedBucket,
      Key: key,
      Body: file.body,
      ContentType: file.contentType,
      CacheControl: deps.cacheControl,
      Metadata: { sha256: hash },
    }),
  );
  return true;
}

async function readManifest(deps: PublishDeps): Promise<Manifest | undefined> {
  try {
    const out = await deps.s3.send(new s3.GetObjectCommand({ Bucket: deps.feedBucket, Key: MANIFEST_KEY }));
    const parsed = JSON.parse((await out.Body?.transformToString('utf8')) ?? '') as Manifest;
    return parsed?.version === MANIFEST_VERSION && typeof parsed.pages === 'object' && typeof parsed.files === 'object' ? parsed : undefined;
  } catch (error) {
    // No manifest yet, or an unreadable one: render everything (writes still compare bytes).
    if (isNotFound(error) || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

async function writeManifest(deps: PublishDeps, manifest: Manifest): Promise<void> {
  await deps.s3.send(
    new s3.PutObjectCommand({
      Bucket: deps.feedBucket,
      Key: MANIFEST_KEY,
      Body: JSON.stringify(manifest),
      ContentType: 'application/json',
      CacheControl: 'no-store',
    }),
  );
}
