/**
 * Polling rounds against real HTTP: a publisher's server on 127.0.0.1 serving the real third-party feeds
 * of ../shared/fixtures/feeds/ and their article pages, the real registry on dynalite and the real inbox
 * on s3rver. Only 127.0.0.1 is allowed past the private-address rule, so a redirect to any other
 * private address is refused as it would be on AWS.
 */
import { GetObjectCommand, HeadObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readSourceFeed } from '#commons/sources/feed-items.ts';
import { createFetcher, type Fetcher } from '#commons/sources/fetch.ts';
import { isSummary } from '#commons/sources/inbox-object.ts';
import { itemObjectKey, SOURCES_PREFIX } from '#commons/sources/keys.ts';
import { pollSources, type PollDeps, type SourceOutcome } from '#commons/sources/poll.ts';
import { SourceRegistry } from '#commons/sources/registry.ts';
import { fetchOptions, type PollSettings } from '#commons/sources/settings.ts';
import { startTestPipeline, type TestPipeline } from '../pipeline/helpers.ts';
import { BROKEN, startPublisherServer, type PublisherServer } from './publisher-server.ts';

const SETTINGS: PollSettings = {
  maxItemsPerSource: 100,
  hostDelayMs: 0,
  requestTimeoutMs: 1500,
  seenDays: 90,
  concurrency: 4,
  // The test servers' address (and ::1, where localhost also names it); every other private address stays refused.
  privateAddresses: ['127.0.0.1', '::1'],
  userAgent: 'ceasefire-feed/1 (feed aggregator; +https://feeds.example.org/)',
};
/** The fixture feeds followed, with items of every kind: summaries (pages fetched) and full texts. */
const FIXTURES = { guardian: 'guardian.rss', heise: 'heise.atom', medium: 'content-encoded.rss', jn: 'encoding.rss', uol: 'uolNoticias.rss' };

let test: TestPipeline;
let server: PublisherServer;
let registry: SourceRegistry;
let fetcher: Fetcher;
let clock = Date.parse('2026-05-01T10:00:00Z');

/** Where the test servers are: the fetcher refuses, loudly, anything else, so no test ever leaves this machine. */
const servers: string[] = [];
function localOnly(inner: Fetcher): Fetcher {
  return {
    get: (url, request) => {
      if (!servers.some((base) => url.startsWith(`${base}/`))) throw new Error(`the test would fetch ${url}`);
      return inner.get(url, request);
    },
    close: () => inner.close(),
  };
}

const deps = (settings: Partial<PollSettings> = {}): PollDeps => ({
  registry,
  s3: test.pipeline.s3,
  inboxBucket: test.pipeline.config.inboxBucket,
  fetcher,
  settings: { ...SETTINGS, ...settings },
  now: () => clock,
});

async function inboxKeys(prefix = SOURCES_PREFIX): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: test.pipeline.s3 }, { Bucket: test.pipeline.config.inboxBucket, Prefix: prefix })) {
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
  }
  return keys.sort();
}

const byName = (outcomes: SourceOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.source, o]));
/** The items of a fixture feed as the server serves it now. */
const fixtureItems = async (file: string) => (await readSourceFeed(server.body(`/feeds/${file}`))).items;

beforeAll(async () => {
  test = await startTestPipeline();
  server = await startPublisherServer({ slowMs: 4000 });
  servers.push(server.base);
  registry = new SourceRegistry(test.pipeline.dynamo, test.pipeline.config.tableName);
  fetcher = localOnly(createFetcher(fetchOptions(SETTINGS)));
});
afterAll(async () => {
  fetcher?.close();
  await server?.stop();
  await test?.stop();
});
beforeEach(() => {
  clock += 60 * 1000;
});

describe('following the real feeds', () => {
  beforeAll(async () => {
    for (const [name, file] of Object.entries(FIXTURES)) await registry.add({ name, url: server.serveFixture(file) }, new Date(clock).toISOString());
  });

  it('first poll drops every item once: the article page for a summary, the item itself for a full text', async () => {
    const round = await pollSources(deps());
    expect(round.errors).toEqual([]);
    expect(round.failed).toBe(0);
    const outcomes = byName(round.sources);
    let expected = 0;
    for (const [name, file] of Object.entries(FIXTURES)) {
      const items = await fixtureItems(file);
      const ids = new Set(items.map((item) => item.id));
      expected += ids.size;
      expect(outcomes[name]).toMatchObject({ state: 'polled', notModified: false, left: 0, filtered: 0 });
      const keys = await inboxKeys(`${SOURCES_PREFIX}${name}/`);
      expect(keys, name).toEqual([...new Set(items.map((item) => itemObjectKey(name, item.id, isSummary(item) ? 'html' : 'json')))].sort());
    }
    expect(round.dropped).toBe(expected);
    // Pages were fetched for the summaries only, each once, with the product's User-Agent.
    const pages = server.requests.filter((r) => r.path.startsWith('/articles/'));
    expect(pages.length).toBeGreaterThan(50);
    expect(new Set(pages.map((r) => r.path)).size).toBe(pages.length);
    expect(new Set(server.requests.map((r) => r.headers['user-agent']))).toEqual(new Set([SETTINGS.userAgent]));
  });

  it('stores a page with the item’s date, link and publisher as metadata, and a full item as a JSON article', async () => {
    const [first] = await fixtureItems('guardian.rss');
    const page = await test.pipeline.s3.send(new HeadObjectCommand({ Bucket: test.pipeline.config.inboxBucket, Key: itemObjectKey('guardian', first!.id, 'html') }));
    expect(page.ContentType).toBe('text/html; charset=utf-8');
    expect(page.Metadata).toEqual({ source: 'guardian', published: 'Wed, 31 Jan 2018 07:26:05 GMT', url: first!.draft.url, publisher: 'The Guardian' });

    const [full] = (await fixtureItems('content-encoded.rss')).filter((item) => !isSummary(item));
    const object = await test.pipeline.s3.send(new GetObjectCommand({ Bucket: test.pipeline.config.inboxBucket, Key: itemObjectKey('medium', full!.id, 'json') }));
    const article = JSON.parse(await object.Body!.transformToString());
    expect(article).toMatchObject({ title: full!.draft.title, body: full!.draft.body, url: full!.draft.url, published: full!.draft.published, section: full!.draft.section });
    expect(article.section).toBeTruthy();
    expect(article.publisher).toBeTruthy();
  });

  it('a second poll sends the validators, gets 304 and drops nothing', async () => {
    const before = await inboxKeys();
    const feedRequests = server.requests.length;
    const round = await pollSources(deps());
    expect(round.sources.every((o) => o.state === 'polled' && o.notModified)).toBe(true);
    expect(round.dropped).toBe(0);
    expect(await inboxKeys()).toEqual(before);
    const asked = server.requests.slice(feedRequests);
    expect(asked.map((r) => r.path).sort()).toEqual(Object.values(FIXTURES).map((f) => `/feeds/${f}`).sort());
    expect(asked.every((r) => typeof r.headers['if-none-match'] === 'string')).toBe(true);
    expect((await registry.get('guardian'))).toMatchObject({ lastNewItems: 0, lastSuccessAt: new Date(clock).toISOString(), etag: expect.any(String) });
  });

  it('a changed feed drops only its new items', async () => {
    const newItem = `<item><title>Ceasefire agreed in the north</title><link>${server.base}/articles/new-story</link><guid>new-story-1</guid><pubDate>Thu, 01 Feb 2018 09:00:00 GMT</pubDate><description>A short summary.</description></item>`;
    server.serveFixture('guardian.rss', (xml) => xml.replace('<item>', `${newItem}<item>`));
    const before = await inboxKeys();
    const round = await pollSources(deps());
    expect(byName(round.sources).guardian).toMatchObject({ state: 'polled', notModified: false, dropped: [{ title: 'Ceasefire agreed in the north', from: 'page', key: itemObjectKey('guardian', 'new-story-1', 'html') }] });
    expect(round.dropped).toBe(1);
    expect(await inboxKeys()).toEqual([...before, itemObjectKey('guardian', 'new-story-1', 'html')].sort());
    expect(await registry.get('guardian')).toMatchObject({ lastNewItems: 1, itemsDropped: 55 + 1 });
  });
});

describe('a bad source never stops the others', () => {
  const broken = Object.entries(BROKEN).map(([name, pathname]) => ({ name: `broken-${name.toLowerCase()}`, pathname }));
  /** The busy publisher has a host of its own: its 429 makes the poller leave that host alone for the round. */
  let busyHost: PublisherServer;

  beforeAll(async () => {
    busyHost = await startPublisherServer();
    const busyBase = busyHost.base.replace('127.0.0.1', 'localhost');
    servers.push(busyBase);
    for (const source of await registry.list()) await registry.remove(source.name);
    for (const { name, pathname } of broken) {
      await registry.add({ name, url: `${pathname === BROKEN.busy ? busyBase : server.base}${pathname}` }, new Date(clock).toISOString());
    }
    await registry.add({ name: 'healthy', url: server.serveFixture('heraldsun.rss') }, new Date(clock).toISOString());
  });

  it('records each failure on its source, and polls the healthy one in the same round', async () => {
    const round = await pollSources(deps());
    expect(round.errors).toEqual([]);
    const outcomes = byName(round.sources);
    expect(outcomes.healthy).toMatchObject({ state: 'polled', dropped: [expect.anything(), expect.anything()] });
    const failures = Object.fromEntries(
      broken.map(({ name }) => {
        const outcome = outcomes[name]!;
        return [name, outcome.state === 'failed' ? [outcome.error.kind, outcome.error.message] : outcome.state];
      }),
    );
    expect(failures).toEqual({
      'broken-slow': ['timeout', expect.stringMatching(/no complete answer from 127\.0\.0\.1:\d+ within 1\.5 s/)],
      'broken-error': ['http', 'HTTP 500 Internal Server Error'],
      'broken-busy': ['rate-limited', `HTTP 429 Too Many Requests; asked to wait until ${new Date(clock + 120_000).toISOString()}`],
      'broken-toprivate': ['blocked', expect.stringMatching(/^127\.0\.0\.2:\d+ is a private, loopback or link-local address/)],
      'broken-tometadata': ['blocked', expect.stringMatching(/^169\.254\.169\.254 is a private, loopback or link-local address/)],
      'broken-loop': ['redirects', expect.stringMatching(/^redirect loop: .*loop-a\.xml -> .*loop-b\.xml -> .*loop-a\.xml$/)],
      'broken-huge': ['too-large', expect.stringContaining('is over the 5 MB limit (the body went on past it)')],
      'broken-hugedeclared': ['too-large', expect.stringContaining(`is over the 5 MB limit (it says ${50 * 1024 * 1024} bytes)`)],
      'broken-malformed': ['malformed', expect.stringContaining('The feed is not well-formed XML')],
      'broken-notafeed': ['not-a-feed', expect.stringContaining('The address serves an HTML page, not an RSS or Atom feed')],
    });
    expect(round.failed).toBe(broken.length);
    // What `sources list` and `status` show.
    const stored = await registry.get('broken-error');
    expect(stored).toMatchObject({
      lastError: { kind: 'http', message: 'HTTP 500 Internal Server Error', at: new Date(clock).toISOString() },
      failingSince: new Date(clock).toISOString(),
      lastPolledAt: new Date(clock).toISOString(),
    });
    expect(stored!.lastSuccessAt).toBeUndefined();
    expect(await inboxKeys(`${SOURCES_PREFIX}broken-`)).toEqual([]);
  });

  afterAll(() => busyHost?.stop());

  it('honours Retry-After: the busy source is not asked again before then', async () => {
    expect(busyHost.hits(BROKEN.busy)).toBe(1);
    const round = await pollSources(deps());
    expect(byName(round.sources)['broken-busy']).toMatchObject({ state: 'waiting', until: new Date(clock - 60_000 + 120_000).toISOString() });
    expect(busyHost.hits(BROKEN.busy)).toBe(1);
    // The earlier failure stays on record while it waits.
    expect(await registry.get('broken-busy')).toMatchObject({ lastError: { kind: 'rate-limited' } });
  });

  it('keeps failingSince from the first failure, and names sources failing for a day', async () => {
    const first = (await registry.get('broken-error'))!.failingSince!;
    clock += 24 * 60 * 60 * 1000;
    const round = await pollSources(deps());
    expect((await registry.get('broken-error'))!.failingSince).toBe(first);
    expect(round.failingForADay).toContain('broken-error');
    expect(round.failingForADay).not.toContain('healthy');
  });

  it('forgets the failure once the source answers again', async () => {
    await registry.redefine({ name: 'broken-error', url: server.serveFixture('heraldsun.rss') }, true);
    const round = await pollSources(deps());
    expect(byName(round.sources)['broken-error']).toMatchObject({ state: 'polled' });
    const stored = await registry.get('broken-error');
    expect(stored!.lastError).toBeUndefined();
    expect(stored!.failingSince).toBeUndefined();
    expect(round.failingForADay).not.toContain('broken-error');
  });
});

describe('limits and filters', () => {
  beforeEach(async () => {
    for (const source of await registry.list()) await registry.remove(source.name);
  });

  it('takes at most N new items per source per round, newest first, and the rest in the next rounds', async () => {
    await registry.add({ name: 'heise-limited', url: server.serveFixture('heise.atom') }, new Date(clock).toISOString());
    const items = await fixtureItems('heise.atom');
    const newest = [...items].sort((a, b) => b.time! - a.time!);
    const first = await pollSources(deps({ maxItemsPerSource: 10 }));
    expect(byName(first.sources)['heise-limited']).toMatchObject({ state: 'polled', left: items.length - 10 });
    expect(new Set(first.sources.flatMap((o) => (o.state === 'polled' ? o.dropped.map((d) => d.title) : [])))).toEqual(
      new Set(newest.slice(0, 10).map((item) => item.draft.title)),
    );
    // Not all items are in, so the validators were not kept: the next poll gets the feed again.
    expect((await registry.get('heise-limited'))!.etag).toBeUndefined();
    const second = await pollSources(deps({ maxItemsPerSource: 10 }));
    expect(byName(second.sources)['heise-limited']).toMatchObject({ notModified: false, left: 0, dropped: { length: items.length - 10 } });
    expect((await registry.get('heise-limited'))!.etag).toEqual(expect.any(String));
    expect(await inboxKeys(`${SOURCES_PREFIX}heise-limited/`)).toHaveLength(items.length);
  });

  it('drops only the items that match a keyword filter', async () => {
    await registry.add({ name: 'guardian-trump', url: server.serveFixture('guardian.rss'), keywords: ['trump'] }, new Date(clock).toISOString());
    const items = await fixtureItems('guardian.rss');
    const matching = items.filter((item) => /(?<![\p{L}\p{N}])trump/iu.test(`${item.draft.title}\n${item.draft.body}`));
    expect(matching.length).toBeGreaterThan(0);
    expect(matching.length).toBeLessThan(items.length);
    const round = await pollSources(deps());
    expect(byName(round.sources)['guardian-trump']).toMatchObject({ dropped: { length: matching.length }, filtered: items.length - matching.length });
  });

  it('drops the item itself when its page cannot be had, and says why', async () => {
    const url = `${server.base}/feeds/gone.rss`;
    server.set('/feeds/gone.rss', {
      contentType: 'application/rss+xml',
      body: `<rss version="2.0"><channel><title>Gone</title><item><title>Truce holds</title><link>${server.base}/gone/page</link><description>A summary.</description></item></channel></rss>`,
    });
    await registry.add({ name: 'gone', url }, new Date(clock).toISOString());
    const round = await pollSources(deps());
    expect(byName(round.sources).gone).toMatchObject({ dropped: [{ from: 'item', note: 'the page answered HTTP 404 Not Found' }] });
  });

  it('stops starting sources and items at the deadline; what is left comes next round', async () => {
    await registry.add({ name: 'late', url: server.serveFixture('heraldsun.rss') }, new Date(clock).toISOString());
    const round = await pollSources(deps(), { deadline: clock - 1 });
    expect(byName(round.sources).late).toMatchObject({ state: 'deferred' });
    expect(await registry.get('late')).not.toHaveProperty('lastPolledAt');
  });
});

describe('at most once per item', () => {
  it('marks an item seen only after its object is in the inbox: a failure in between means a re-drop of the same key', async () => {
    for (const source of await registry.list()) await registry.remove(source.name);
    await registry.add({ name: 'herald', url: server.serveFixture('heraldsun.rss') }, new Date(clock).toISOString());
    const failing = Object.create(registry) as SourceRegistry;
    failing.markSeen = async () => {
      throw new Error('DynamoDB is unavailable');
    };
    const crashed = await pollSources({ ...deps(), registry: failing });
    expect(crashed.errors).toEqual(['herald: DynamoDB is unavailable']);
    expect(byName(crashed.sources).herald).toMatchObject({ state: 'failed', error: { kind: 'internal' } });
    // Not the source's fault: nothing is held against it.
    expect((await registry.get('herald'))!.lastError).toBeUndefined();
    const keys = await inboxKeys(`${SOURCES_PREFIX}herald/`);
    expect(keys).toHaveLength(1);

    const retried = await pollSources(deps());
    expect(retried.errors).toEqual([]);
    expect(await inboxKeys(`${SOURCES_PREFIX}herald/`)).toEqual(
      (await fixtureItems('heraldsun.rss')).map((item) => itemObjectKey('herald', item.id, 'html')).sort(),
    );
    expect(byName(retried.sources).herald).toMatchObject({ dropped: { length: 2 } });
    expect((await pollSources(deps())).dropped).toBe(0);
  });
});
