/**
 * One polling round: every followed source is read with a conditional GET, and each item not seen
 * before goes into the inbox (its article page, or the item itself; ./inbox-object.ts), where the
 * ingest function takes it like any dropped file. Then the item's id is remembered, so it is dropped at
 * most once: the object is written first, so a crash in between means at most a re-drop, which the
 * store already treats as a duplicate.
 *
 * Polite: a User-Agent naming the product, one request per host at a time with `hostDelayMs` between
 * them, a timeout and a size limit per request, at most `maxItemsPerSource` new items per source per
 * round (the rest come next round), and a 429 or 503 with Retry-After honoured: the source is not asked
 * again before then, and nothing more is fetched from that host in this round.
 *
 * A bad source never stops the others: its error and time are recorded on it (`sources list`,
 * `status`). Errors that are not the source's (S3 or DynamoDB failing) are not held against it; the
 * round carries on with the other sources and reports them in `errors`, so the caller can fail.
 */
import { STATUS_CODES } from 'node:http';
import type { S3Client } from '@aws-sdk/client-s3';
import { s3 } from '#commons/aws/sdk.ts';
import { ReadError } from '#commons/articles/errors.ts';
import type { RejectionReason } from '#commons/articles/types.ts';
import { untraced, type Trace } from '#commons/aws/tracing.ts';
import { mapLimit } from '#commons/pipeline/concurrency.ts';
import { matchesKeywords } from './definition.ts';
import { FetchError, type Fetcher, type FetchResponse } from './fetch.ts';
import { readSourceFeed, type FeedItem } from './feed-items.ts';
import { isHtmlPage, isSummary, itemObject, pageObject, type InboxObject } from './inbox-object.ts';
import type { PollErrorKind, Source, SourceRegistry } from './registry.ts';
import { FAILING_ALARM_MS, MAX_RETRY_AFTER_MS, type PollSettings } from './settings.ts';

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';
/** GetItem lookups of seen ids in flight for one source. */
const SEEN_LOOKUPS = 8;

export interface PollDeps {
  registry: SourceRegistry;
  s3: S3Client;
  inboxBucket: string;
  fetcher: Fetcher;
  settings: PollSettings;
  trace?: Trace;
  /** Clock and pause, replaceable in tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface PollOptions {
  /** Epoch ms after which no new source or item is started (the rest waits for the next round). */
  deadline?: number;
}

export interface DroppedItem {
  key: string;
  title: string;
  url?: string;
  from: InboxObject['from'];
  /** Why the item itself was dropped although it is only a summary (its page could not be had). */
  note?: string;
}

/** A source that answered. */
interface Polled {
  state: 'polled';
  /** The server answered 304: nothing changed since the last poll. */
  notModified: boolean;
  dropped: DroppedItem[];
  /** Items left out by the keyword filter. */
  filtered: number;
  /** New items left for the next round (the per-source limit, or the round ran out of time). */
  left: number;
}

interface OutcomeBase {
  source: string;
  url: string;
}
export type SourceOutcome = OutcomeBase &
  (
    | Polled
    | { state: 'failed'; error: { kind: PollErrorKind | 'internal'; message: string }; retryAfter?: string }
    /** Not asked: it (or its host) asked to wait until then. */
    | { state: 'waiting'; until: string }
    /** Not reached: the round ran out of time. */
    | { state: 'deferred' }
  );

export interface PollRound {
  startedAt: string;
  finishedAt: string;
  sources: SourceOutcome[];
  /** Items put into the inbox. */
  dropped: number;
  /** Sources whose poll failed in this round. */
  failed: number;
  /** Sources that have been failing for a day or more. */
  failingForADay: string[];
  /** Failures that were not the sources' fault (storage): the round should count as failed. */
  errors: string[];
}

/** A failure of the source itself, recorded on it. */
class SourceFailure extends Error {
  constructor(
    readonly kind: PollErrorKind,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

const READ_ERROR_KINDS: Partial<Record<RejectionReason, PollErrorKind>> = { malformed: 'malformed', unsafe: 'unsafe', 'too-large': 'too-large' };

export async function pollSources(deps: PollDeps, options: PollOptions = {}): Promise<PollRound> {
  const now = deps.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const sources = await deps.registry.list();
  const pacer = new HostPacer(deps.settings.hostDelayMs, now, deps.sleep ?? sleep);
  const byHost = new Map<string, Source[]>();
  for (const source of sources) byHost.set(hostOf(source.url), [...(byHost.get(hostOf(source.url)) ?? []), source]);

  const outcomes = new Map<string, SourceOutcome>();
  const errors: string[] = [];
  // One worker per host at a time: the sources of one host are polled one after the other.
  await mapLimit([...byHost.values()], deps.settings.concurrency, async (hostSources) => {
    for (const source of hostSources) {
      const outcome = await pollSource({ ...deps, now }, pacer, source, options).catch((error: Error) => {
        errors.push(`${source.name}: ${error.message}`);
        return { source: source.name, url: source.url, state: 'failed', error: { kind: 'internal', message: error.message } } satisfies SourceOutcome;
      });
      outcomes.set(source.name, outcome);
    }
  });

  const results = sources.map((source) => outcomes.get(source.name)!);
  const failingSince = (source: Source, outcome: SourceOutcome) =>
    outcome.state === 'polled' ? undefined : outcome.state === 'failed' && outcome.error.kind !== 'internal' ? (source.failingSince ?? startedAt) : source.failingSince;
  return {
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    sources: results,
    dropped: results.reduce((sum, o) => sum + (o.state === 'polled' ? o.dropped.length : 0), 0),
    failed: results.filter((o) => o.state === 'failed').length,
    failingForADay: sources
      .filter((source, i) => {
        const since = failingSince(source, results[i]!);
        return since !== undefined && now() - Date.parse(since) >= FAILING_ALARM_MS;
      })
      .map((source) => source.name),
    errors,
  };
}

type RoundDeps = PollDeps & { now: () => number };

async function pollSource(deps: RoundDeps, pacer: HostPacer, source: Source, options: PollOptions): Promise<SourceOutcome> {
  const base = { source: source.name, url: source.url };
  const at = () => new Date(deps.now()).toISOString();
  if (options.deadline !== undefined && deps.now() > options.deadline) return { ...base, state: 'deferred' };
  if (source.retryAfter && Date.parse(source.retryAfter) > deps.now()) return { ...base, state: 'waiting', until: source.retryAfter };
  const hostWait = pacer.waitingUntil(hostOf(source.url));
  if (hostWait !== undefined) return { ...base, state: 'waiting', until: new Date(hostWait).toISOString() };

  const trace = deps.trace ?? untraced;
  return trace('pollSource', { source: source.name }, async () => {
    try {
      return { ...base, ...(await readSource(deps, pacer, source, options)) };
    } catch (error) {
      const failure = sourceFailure(error);
      if (!failure) throw error;
      const retryAfter = failure.retryAfter === undefined ? undefined : new Date(failure.retryAfter).toISOString();
      await deps.registry.recordPoll(source, {
        lastPolledAt: at(),
        lastError: { kind: failure.kind, message: failure.message, at: at() },
        failingSinceIfUnset: at(),
        retryAfter: retryAfter ?? null,
      });
      return { ...base, state: 'failed', error: { kind: failure.kind, message: failure.message }, ...(retryAfter ? { retryAfter } : {}) };
    }
  });
}

/** Fetches the feed and drops its new items; throws a SourceFailure for what is wrong with the source. */
async function readSource(deps: RoundDeps, pacer: HostPacer, source: Source, options: PollOptions): Promise<Polled> {
  const { registry, fetcher, settings } = deps;
  const at = new Date(deps.now()).toISOString();
  const host = hostOf(source.url);
  await pacer.turn(host);
  const response = await fetcher.get(source.url, {
    accept: FEED_ACCEPT,
    ...(source.etag ? { etag: source.etag } : {}),
    ...(source.lastModified ? { lastModified: source.lastModified } : {}),
  });
  const success = { lastPolledAt: at, lastSuccessAt: at, lastError: null, failingSince: null, retryAfter: null } as const;
  if (response.status === 304) {
    await registry.recordPoll(source, { ...success, lastNewItems: 0 });
    return { state: 'polled', notModified: true, dropped: [], filtered: 0, left: 0 };
  }
  checkStatus(response, pacer, host, deps.now());

  let feed;
  try {
    feed = await readSourceFeed(response.body, header(response, 'content-type'));
  } catch (error) {
    if (!(error instanceof ReadError)) throw error;
    throw new SourceFailure(READ_ERROR_KINDS[error.reason] ?? 'not-a-feed', error.message);
  }
  const candidates = feed.items.filter((item) => matchesKeywords(source.keywords, `${item.draft.title}\n${item.draft.body}`));
  const seen = await mapLimit(candidates, SEEN_LOOKUPS, (item) => registry.seen(source.name, item.id));
  // Newest first when the items are dated, so a long backlog starts with the news.
  const fresh = candidates.filter((_, i) => !seen[i]).sort((a, b) => (b.time ?? -Infinity) - (a.time ?? -Infinity));
  const chosen = fresh.slice(0, settings.maxItemsPerSource);
  let left = fresh.length - chosen.length;

  const publisher = source.publisher || feed.title || source.name;
  const trace = deps.trace ?? untraced;
  const dropped: DroppedItem[] = [];
  // Oldest of the chosen first, so the inbox receives them in the order they were published.
  for (const [index, item] of [...chosen].reverse().entries()) {
    if (options.deadline !== undefined && deps.now() > options.deadline) {
      left += chosen.length - index;
      break;
    }
    const object = await inboxObject(deps, pacer, source.name, item, publisher);
    await trace('dropItem', { source: source.name, objectKey: object.key }, async () => {
      await deps.s3.send(
        new s3.PutObjectCommand({ Bucket: deps.inboxBucket, Key: object.key, Body: object.body, ContentType: object.contentType, Metadata: object.metadata }),
      );
      const seenAt = new Date(deps.now());
      await registry.markSeen(source.name, item.id, {
        objectKey: object.key,
        at: seenAt.toISOString(),
        expiresAt: Math.floor(seenAt.getTime() / 1000) + settings.seenDays * 86_400,
      });
    });
    dropped.push({
      key: object.key,
      title: item.draft.title,
      ...(item.draft.url ? { url: item.draft.url } : {}),
      from: object.from,
      ...(object.note ? { note: object.note } : {}),
    });
  }
  // The validators are kept only when every new item is in: otherwise the next poll would get a 304
  // and never see the items left over.
  const complete = left === 0;
  await registry.recordPoll(source, {
    ...success,
    lastNewItems: dropped.length,
    dropped: dropped.length,
    etag: (complete && header(response, 'etag')) || null,
    lastModified: (complete && header(response, 'last-modified')) || null,
  });
  return { state: 'polled', notModified: false, dropped, filtered: feed.items.length - candidates.length, left };
}

/** The page when the item is only a summary and its page can be had; else the item itself. */
async function inboxObject(deps: RoundDeps, pacer: HostPacer, source: string, item: FeedItem, publisher: string): Promise<InboxObject & { note?: string }> {
  const link = item.draft.url;
  if (!link || !isSummary(item)) return itemObject(source, item, publisher);
  const host = hostOf(link);
  let note: string;
  if (pacer.waitingUntil(host) !== undefined) {
    note = `${host} asked us to wait, so its page was not fetched`;
  } else {
    await pacer.turn(host);
    try {
      const page = await deps.fetcher.get(link, { accept: PAGE_ACCEPT });
      if (isHtmlPage(page)) return pageObject(source, item, page, publisher);
      backOffOnRateLimit(page, pacer, host, deps.now());
      note =
        page.status >= 300
          ? `the page answered ${statusText(page.status)}`
          : page.body.length === 0
            ? 'the page was empty'
            : `the page is ${header(page, 'content-type') ?? 'of no stated type'}, not HTML`;
    } catch (error) {
      if (!(error instanceof FetchError)) throw error;
      note = `the page could not be fetched: ${error.message}`;
    }
  }
  return { ...itemObject(source, item, publisher), note };
}

function checkStatus(response: FetchResponse, pacer: HostPacer, host: string, now: number): void {
  if (response.status >= 200 && response.status < 300) return;
  const retryAfter = backOffOnRateLimit(response, pacer, host, now);
  if (response.status === 429 || response.status === 503) {
    const wait = retryAfter === undefined ? '' : `; asked to wait until ${new Date(retryAfter).toISOString()}`;
    throw new SourceFailure('rate-limited', `${statusText(response.status)}${wait}`, retryAfter);
  }
  throw new SourceFailure('http', statusText(response.status));
}

/** On 429 or 503, nothing more goes to that host in this round; returns the Retry-After time, if any. */
function backOffOnRateLimit(response: FetchResponse, pacer: HostPacer, host: string, now: number): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  const retryAfter = retryAfterTime(header(response, 'retry-after'), now);
  pacer.backOff(host, retryAfter ?? Number.POSITIVE_INFINITY);
  return retryAfter;
}

/** Retry-After (seconds, or an HTTP date) as an epoch ms time, at most a day away. */
function retryAfterTime(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  const delay = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(delay) ? now + Math.min(Math.max(0, delay), MAX_RETRY_AFTER_MS) : undefined;
}

function sourceFailure(error: unknown): SourceFailure | undefined {
  if (error instanceof SourceFailure) return error;
  if (error instanceof FetchError) return new SourceFailure(error.kind, error.message);
  return undefined;
}

const statusText = (status: number) => `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;

function header(response: FetchResponse, name: string): string | undefined {
  const value = response.headers[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Spaces requests to each host `delayMs` apart, and remembers hosts that asked to wait. */
class HostPacer {
  readonly #next = new Map<string, number>();
  readonly #until = new Map<string, number>();

  constructor(
    private readonly delayMs: number,
    private readonly now: () => number,
    private readonly pause: (ms: number) => Promise<void>,
  ) {}

  /** Resolves when a request to `host` may go out (the slot is taken at once, so callers queue in order). */
  async turn(host: string): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.#next.get(host) ?? 0);
    this.#next.set(host, at + this.delayMs);
    if (at > now) await this.pause(at - now);
  }

  backOff(host: string, until: number): void {
    this.#until.set(host, Math.max(until, this.#until.get(host) ?? 0));
  }

  waitingUntil(host: string): number | undefined {
    const until = this.#until.get(host);
    return until !== undefined && until > this.now() ? until : undefined;
  }
}
