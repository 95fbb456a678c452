/**
 * The real DynamoDB adapter against an embedded dynalite: no mocks of the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, CeasefireEvent } from '#schemas/event.ts';
import { makeDynamoDocumentClient } from '#commons/aws/clients.ts';
import { BODY_GZIP_THRESHOLD, createTable, DynamoDbEventStore } from '#commons/store/dynamodb-store.ts';
import { prepareEvents } from '#commons/store/merge.ts';
import { compareNewestFirst, feedOrderKey } from '#commons/store/order.ts';
import { collect, unsupportedArticle, type EventStore } from '#commons/store/store.ts';
import { dumpTable, freshStore, startDynalite, type LocalDynamo } from '../helpers/dynalite.ts';
import { hexId, makeArticle, makeEvent, makeEvents, sourceOf } from '../helpers/events.ts';

let local: LocalDynamo;
beforeAll(async () => {
  local = await startDynalite();
});
afterAll(async () => {
  await local?.stop();
});

type Delivery = { article: Article; events: CeasefireEvent[] };

/** Three articles about one development (ids equal), plus one about another. */
function deliveries(): Delivery[] {
  const a1 = makeArticle({ seed: 'reuters', receivedAt: '2016-02-12T08:00:00.000Z' });
  const a2 = makeArticle({ seed: 'ap', receivedAt: '2016-02-12T09:00:00.000Z', url: undefined });
  const a3 = makeArticle({ seed: 'bbc', receivedAt: '2016-02-13T07:00:00.000Z' });
  const a4 = makeArticle({ seed: 'afp', receivedAt: '2016-02-14T07:00:00.000Z' });
  return [
    { article: a1, events: [makeEvent({ seed: 'munich', article: a1, confidence: 0.6 })] },
    {
      article: a2,
      events: [
        makeEvent({
          seed: 'munich',
          article: a2,
          headline: 'Powers agree Syria truce in Munich',
          confidence: 0.9,
          people: [{ name: 'Sergei Lavrov', role: 'Foreign Minister', actor: 'RU' }],
        }),
      ],
    },
    {
      article: a3,
      events: [
        makeEvent({ seed: 'munich', article: a3, mediators: [{ id: 'issg', name: 'ISSG', kind: 'coalition' }] }),
        makeEvent({ seed: 'aleppo-violation', article: a3, type: 'violation', occurred: { date: '2016-02-13', precision: 'day', basis: 'relative' } }),
      ],
    },
    { article: a4, events: [] },
  ];
}

async function serialStore(list: Delivery[]) {
  const { store, tableName } = await freshStore(local);
  for (const d of list) await store.recordArticle(d.article, d.events);
  return dumpTable(local, tableName);
}

describe('DynamoDbEventStore: articles and events', () => {
  let store: EventStore;
  let tableName: string;
  beforeAll(async () => {
    ({ store, tableName } = await freshStore(local));
  });

  it('records a new article with one write for the article and one per event', async () => {
    const [d] = deliveries();
    const result = await store.recordArticle(d!.article, d!.events);
    expect(result).toEqual({
      duplicate: false,
      eventIds: [d!.events[0]!.id],
      created: [d!.events[0]!.id],
      updated: [],
      writes: 2,
    });
    const stored = await store.getArticle(d!.article.id);
    expect(stored).toEqual({ article: d!.article, eventIds: [d!.events[0]!.id] });
    const event = await store.getEvent(d!.events[0]!.id);
    expect(event).toEqual(prepareEvents(d!.article, d!.events)[0]);
    expect(event?.firstReportedAt).toBe(d!.article.receivedAt);
    expect(await dumpTable(local, tableName)).toHaveLength(2);
  });

  it('writes nothing for a duplicate article', async () => {
    const [d] = deliveries();
    const before = await dumpTable(local, tableName);
    const result = await store.recordArticle(d!.article, d!.events);
    expect(result).toMatchObject({ duplicate: true, created: [], updated: [], writes: 0 });
    expect(await dumpTable(local, tableName)).toEqual(before);
  });

  it('adds no development when the same article comes again with other metadata (events of other ids)', async () => {
    const [d] = deliveries();
    const before = await dumpTable(local, tableName);
    const redated = makeEvent({ seed: 'munich-redated', article: d!.article, occurred: { date: '2016-02-20', precision: 'day', basis: 'metadata' } });
    const result = await store.recordArticle(d!.article, [...d!.events, redated]);
    expect(result).toMatchObject({ duplicate: true, eventIds: [d!.events[0]!.id], created: [], updated: [], writes: 0 });
    expect(await store.getEvent(redated.id)).toBeUndefined();
    expect(await dumpTable(local, tableName)).toEqual(before);
  });

  it('merges a second article about the same event into its sources', async () => {
    const [d1, d2] = deliveries();
    const result = await store.recordArticle(d2!.article, d2!.events);
    expect(result).toMatchObject({ duplicate: false, created: [], updated: [d1!.events[0]!.id], writes: 2 });
    const event = (await store.getEvent(d1!.events[0]!.id))!;
    expect(event.id).toBe(d1!.events[0]!.id);
    expect(event.sources.map((s) => s.articleId).sort()).toEqual([d1!.article.id, d2!.article.id].sort());
    expect(event.evidence).toHaveLength(2);
    expect(event.people.map((p) => p.name)).toEqual(['John Kerry', 'Sergei Lavrov']);
    expect(event.confidence).toBe(0.9);
    expect(event.headline).toBe(d1!.events[0]!.headline); // the earliest report's headline stays
    expect(event.firstReportedAt).toBe(d1!.article.receivedAt);
    expect(event.updatedAt).toBe(d2!.article.receivedAt);
    const items = await dumpTable(local, tableName);
    expect(items).toHaveLength(3); // two articles, one event
    expect(items.find((i) => i.kind === 'event')?.version).toBe(2);
  });

  it('stores large article bodies compressed and gives them back intact', async () => {
    const body = 'The truce holds. '.repeat(Math.ceil((BODY_GZIP_THRESHOLD * 3) / 17));
    const article = makeArticle({ seed: 'long', body });
    await store.recordArticle(article, []);
    expect((await store.getArticle(article.id))?.article).toEqual(article);
  });

  it('lists stored articles through the status index, paging, in order of arrival', async () => {
    const { store: s } = await freshStore(local);
    const articles = Array.from({ length: 7 }, (_, i) =>
      makeArticle({ seed: `list${i}`, receivedAt: `2016-03-0${i + 1}T00:00:00.000Z` }),
    );
    for (const a of [...articles].reverse()) await s.recordArticle(a, []);
    const page1 = await s.listArticles({ limit: 3 });
    const page2 = await s.listArticles({ limit: 3, after: page1.next });
    const page3 = await s.listArticles({ limit: 3, after: page2.next });
    expect(page3.next).toBeUndefined();
    expect([...page1.articles, ...page2.articles, ...page3.articles].map((a) => a.article)).toEqual(articles);
    expect((await collect(s.allArticles())).map((a) => a.article)).toEqual(articles);
  });
});

describe('DynamoDbEventStore: delivery order and concurrency', () => {
  it('gives the same store whatever order the articles arrive in', async () => {
    const list = deliveries();
    const forward = await serialStore(list);
    const backward = await serialStore([...list].reverse());
    const shuffled = await serialStore([list[2]!, list[0]!, list[3]!, list[1]!]);
    expect(backward).toEqual(forward);
    expect(shuffled).toEqual(forward);
  });

  it('5 concurrent deliveries of the same article equal one delivery', async () => {
    const [d] = deliveries();
    const serial = await serialStore([d!]);
    const { store, tableName } = await freshStore(local);
    const results = await Promise.all(Array.from({ length: 5 }, () => store.recordArticle(d!.article, d!.events)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await dumpTable(local, tableName)).toEqual(serial);
  });

  it('5 concurrent deliveries of different articles about one event lose no source', async () => {
    const base = makeEvent({ seed: 'hot' });
    const list: Delivery[] = Array.from({ length: 5 }, (_, i) => {
      const article = makeArticle({ seed: `hot${i}`, receivedAt: `2016-02-1${i}T10:00:00.000Z` });
      return { article, events: [makeEvent({ seed: 'hot', article, confidence: 0.5 + i / 10 })] };
    });
    const serial = await serialStore(list);
    const { store, tableName } = await freshStore(local);
    local.commands.length = 0;
    const results = await Promise.all(list.map((d) => store.recordArticle(d.article, d.events)));
    expect(await dumpTable(local, tableName)).toEqual(serial);
    const writes = results.reduce((n, r) => n + r.writes, 0);
    expect(writes).toBe(10); // 5 articles + 1 create + 4 merges, whatever the interleaving
    // Lost races (conditional put failed -> re-read -> re-merge) happen here: 7-10 per run when measured.
    expect(local.commands.filter((c) => c === 'PutItemCommand').length).toBeGreaterThanOrEqual(writes);
    const event = (await store.getEvent(base.id))!;
    expect(event.sources).toHaveLength(5);
    expect(event.confidence).toBe(0.9);
  });

  it('a concurrent mix of duplicates and different articles equals a serial run', async () => {
    const list = deliveries();
    const serial = await serialStore(list);
    const { store, tableName } = await freshStore(local);
    const storm = [...list, ...list, list[1]!, list[2]!, list[0]!].reverse();
    const results = await Promise.all(storm.map((d) => store.recordArticle(d.article, d.events)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(list.length);
    expect(await dumpTable(local, tableName)).toEqual(serial);
  });

  it('a redelivery finishes the job when an earlier delivery stored the article and then failed', async () => {
    const [, , d3] = deliveries();
    const serial = await serialStore([d3!]);
    const tableName = `crash-${process.pid}`;
    // A client that fails every event write (but not the article write): the first delivery dies half-way.
    const failing = makeDynamoDocumentClient({ dynamoEndpoint: local.endpoint }, { maxAttempts: 1 });
    failing.middlewareStack.add(
      (next) => async (args) => {
        // Depending on the step, the document client's input may already be marshalled ({ S: 'event' }).
        const kind = (args.input as { Item?: { kind?: unknown } }).Item?.kind;
        const isEvent = kind === 'event' || (typeof kind === 'object' && kind !== null && (kind as { S?: string }).S === 'event');
        if (isEvent) throw new Error('simulated crash');
        return next(args);
      },
      { step: 'initialize', name: 'failEventWrites' },
    );
    await createTable(local.client, tableName);
    await expect(new DynamoDbEventStore({ client: failing, tableName }).recordArticle(d3!.article, d3!.events)).rejects.toThrow(
      'simulated crash',
    );
    expect(await dumpTable(local, tableName)).toHaveLength(1); // the article only
    failing.destroy();

    const store = new DynamoDbEventStore({ client: local.client, tableName });
    const retry = await store.recordArticle(d3!.article, d3!.events);
    expect(retry.duplicate).toBe(true);
    expect(retry.created).toHaveLength(2);
    expect(await dumpTable(local, tableName)).toEqual(serial);
    // and a third delivery is a plain duplicate again
    expect(await store.recordArticle(d3!.article, d3!.events)).toMatchObject({ duplicate: true, writes: 0 });
  });
});

describe('DynamoDbEventStore: revising events (re-extraction)', () => {
  it('replaces, keeps or deletes an event with one conditional write, never re-merging the old content', async () => {
    const [d1, d2] = deliveries();
    const { store, tableName } = await freshStore(local);
    for (const d of [d1!, d2!]) await store.recordArticle(d.article, d.events);
    const id = d1!.events[0]!.id;
    const onlyFirst = prepareEvents(d1!.article, d1!.events)[0]!;

    local.commands.length = 0;
    expect(await store.reviseEvent(id, async () => onlyFirst)).toBe('updated');
    expect(await store.getEvent(id)).toEqual(onlyFirst); // a2's source and quote are gone
    expect(await store.reviseEvent(id, async (current) => current)).toBe('unchanged');
    expect(await store.reviseEvent(id, async () => undefined)).toBe('removed');
    expect(await store.reviseEvent(id, async () => undefined)).toBe('unchanged');
    expect(await store.reviseEvent(id, async () => onlyFirst)).toBe('created');
    expect(local.commands.filter((c) => c !== 'GetItemCommand')).toEqual(['PutItemCommand', 'DeleteItemCommand', 'PutItemCommand']);
    expect((await dumpTable(local, tableName)).find((i) => i.kind === 'event')?.version).toBe(1);
  });

  it('a revision that loses a race derives again from the newer event', async () => {
    const [d1, d2] = deliveries();
    const { store } = await freshStore(local);
    await store.recordArticle(d1!.article, d1!.events);
    const id = d1!.events[0]!.id;
    const seen: number[] = [];
    const revision = await store.reviseEvent(id, async (current) => {
      seen.push(current!.sources.length);
      // Another writer merges a second report between our read and our write (once).
      if (seen.length === 1) await store.recordArticle(d2!.article, d2!.events);
      return undefined;
    });
    expect(seen).toEqual([1, 2]);
    expect(revision).toBe('removed');
  });

  it('sets the eventIds of an article, and never creates an article that is not stored', async () => {
    const [d1] = deliveries();
    const { store, tableName } = await freshStore(local);
    await store.recordArticle(d1!.article, d1!.events);
    await store.setArticleEventIds(d1!.article.id, []);
    expect(await store.getArticle(d1!.article.id)).toEqual({ article: d1!.article, eventIds: [] });
    await expect(store.setArticleEventIds(hexId('not stored'), ['x'])).rejects.toThrow(/conditional/i);
    expect(await dumpTable(local, tableName)).toHaveLength(2);
  });
});

describe('DynamoDbEventStore: dropped objects', () => {
  it('records processed and rejected objects idempotently and counts them through the status index', async () => {
    const { store } = await freshStore(local);
    local.commands.length = 0;
    await store.recordObject('inbox/a.txt', { state: 'processed', at: '2016-02-12T10:00:00.000Z', articleIds: ['b', 'a', 'a'] });
    await store.recordObject('inbox/a.txt', { state: 'processed', at: '2016-02-12T10:00:00.000Z', articleIds: ['a', 'b'] });
    await store.recordObject('inbox/b.bin', {
      state: 'rejected',
      at: '2016-02-12T11:00:00.000Z',
      reason: 'binary',
      detail: 'The file is binary data, not text.',
    });
    await store.recordObject('inbox/c d.xml', {
      state: 'rejected',
      at: '2016-02-12T12:00:00.000Z',
      reason: 'malformed',
      detail: 'The XML is not well-formed (line 3).',
    });
    expect(await store.countObjects()).toEqual({ processed: 1, rejected: 2 });
    expect(await store.listRejected()).toEqual([
      { key: 'inbox/c d.xml', reason: 'malformed', detail: 'The XML is not well-formed (line 3).', at: '2016-02-12T12:00:00.000Z' },
      { key: 'inbox/b.bin', reason: 'binary', detail: 'The file is binary data, not text.', at: '2016-02-12T11:00:00.000Z' },
    ]);
    expect(await store.getObject('inbox/a.txt')).toEqual({
      key: 'inbox/a.txt',
      state: 'processed',
      at: '2016-02-12T10:00:00.000Z',
      articleIds: ['a', 'b'],
    });

    // A newer upload of a rejected key that now reads fine moves it across; a stale notification does not move it back.
    await store.recordObject('inbox/b.bin', { state: 'processed', at: '2016-02-13T00:00:00.000Z', articleIds: [] });
    expect(
      await store.recordObject('inbox/b.bin', { state: 'rejected', at: '2016-02-12T11:00:00.000Z', reason: 'binary', detail: 'x' }),
    ).toEqual({ written: false });
    expect(await store.countObjects()).toEqual({ processed: 2, rejected: 1 });
    expect(local.commands).not.toContain('ScanCommand');
  });
});

describe('DynamoDbEventStore: articles in an unsupported language', () => {
  it('notes them beside the article once, lists them newest first through the status index, and lifts a note', async () => {
    const { store, tableName } = await freshStore(local);
    const fr = makeArticle({ seed: 'fr', language: 'fr', receivedAt: '2016-02-12T08:00:00.000Z' });
    const de = makeArticle({ seed: 'de', language: 'de', receivedAt: '2016-02-12T09:00:00.000Z' });
    for (const article of [fr, de]) await store.recordArticle(article, []);
    local.commands.length = 0;
    expect(await store.markUnsupported(unsupportedArticle(fr))).toEqual({ written: true });
    expect(await store.markUnsupported(unsupportedArticle(de))).toEqual({ written: true });
    expect(local.commands).toEqual(['GetItemCommand', 'PutItemCommand', 'GetItemCommand', 'PutItemCommand']);

    // A redelivery (even of the same text under another key) reads the note and writes nothing: the first note stays.
    const before = await dumpTable(local, tableName);
    local.commands.length = 0;
    expect(await store.markUnsupported({ ...unsupportedArticle(fr), key: 'inbox/copy.txt' })).toEqual({ written: false });
    expect(local.commands).toEqual(['GetItemCommand']);
    expect(await dumpTable(local, tableName)).toEqual(before);

    expect(await store.getUnsupported(fr.id)).toEqual({ articleId: fr.id, key: 'inbox/fr.txt', title: fr.title, language: 'fr', receivedAt: fr.receivedAt });
    expect(await store.getUnsupported(hexId('en'))).toBeUndefined();
    local.commands.length = 0;
    expect((await store.listUnsupported()).map((u) => u.key)).toEqual(['inbox/de.txt', 'inbox/fr.txt']);
    expect(local.commands).toEqual(['QueryCommand']);
    // The notes are no articles: re-extraction and the object counts do not see them.
    expect((await collect(store.allArticles())).map((a) => a.article.id).sort()).toEqual([fr.id, de.id].sort());
    expect(await store.countObjects()).toEqual({ processed: 0, rejected: 0 });

    await store.unmarkUnsupported(fr.id);
    expect(await store.listUnsupported()).toEqual([unsupportedArticle(de)]);
    expect(await store.getArticle(fr.id)).toEqual({ article: fr, eventIds: [] });
  });
});

describe('DynamoDbEventStore: feed listing', () => {
  it('lists events newest first by occurred date then id, paging through the feed index', async () => {
    const { store } = await freshStore(local);
    const events = makeEvents(23);
    // Coarser dates and same-day ties, to check the index order matches compareNewestFirst.
    events.push(
      makeEvent({ seed: 'year-only', occurred: { date: '2016', precision: 'year', basis: 'explicit' } }),
      makeEvent({ seed: 'month-only', occurred: { date: '2016-12', precision: 'month', basis: 'explicit' } }),
      makeEvent({ seed: 'tie', occurred: { date: '2016-12-31', precision: 'day', basis: 'explicit' } }),
    );
    const shuffled = [...events].sort((a, b) => (hexId(a.id) < hexId(b.id) ? -1 : 1));
    const expectedById = new Map<string, CeasefireEvent>();
    for (const e of shuffled) {
      const article = makeArticle({ seed: `for-${e.id}`, receivedAt: e.updatedAt });
      const event = { ...e, sources: [sourceOf(article)], evidence: [{ articleId: article.id, quote: e.evidence[0]!.quote }] };
      expectedById.set(e.id, prepareEvents(article, [event])[0]!);
      await store.recordArticle(article, [event]);
    }
    local.commands.length = 0;

    const expected = [...events].sort(compareNewestFirst).map((e) => e.id);
    const ids: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await store.listFeedEvents({ limit: 10, before });
      ids.push(...page.events.map((e) => e.id));
      before = page.next;
      pages++;
      if (page.next) expect(page.next).toBe(feedOrderKey(page.events.at(-1)!));
    } while (before);
    expect(pages).toBe(3);
    expect(ids).toEqual(expected);
    expect((await store.listFeedEvents()).events.map((e) => e.id)).toEqual(expected);

    const all = await collect(store.allFeedEvents());
    expect(all.map((e) => e.id)).toEqual(expected);
    for (const e of all) expect(e).toStrictEqual(expectedById.get(e.id));
    expect(local.commands.filter((c) => c !== 'QueryCommand')).toEqual([]);
  });

  it('an empty store has an empty feed and no pages', async () => {
    const { store } = await freshStore(local);
    expect(await store.listFeedEvents()).toEqual({ events: [] });
    expect(await collect(store.allFeedEvents())).toEqual([]);
    expect(await store.countObjects()).toEqual({ processed: 0, rejected: 0 });
    expect(await store.listRejected()).toEqual([]);
    expect(await store.getEvent(hexId('nothing'))).toBeUndefined();
    expect(await store.getArticle(hexId('nothing'))).toBeUndefined();
  });

  it('createTable is idempotent', async () => {
    const { tableName } = await freshStore(local);
    await expect(createTable(local.client, tableName)).resolves.toBeUndefined();
  });
});
