/**
 * Re-extraction after an extractor upgrade, through the real DynamoDB adapter on dynalite: articles are
 * recorded with one extractor ("before") and re-extracted with another ("after"); the table must then
 * equal a clean ingest of the same articles with "after", and a second run must write nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, CeasefireEvent } from '#schemas/event.ts';
import { readArticles } from '#commons/articles/read.ts';
import { extractEvents, readsLanguage } from '#commons/extraction/index.ts';
import { reextractAll, type ReextractSummary } from '#commons/pipeline/reextract.ts';
import { unsupportedArticle, type EventStore } from '#commons/store/store.ts';
import { dumpTable, freshStore, startDynalite, type LocalDynamo } from '../helpers/dynalite.ts';
import { makeArticle, makeEvent } from '../helpers/events.ts';

let local: LocalDynamo;
beforeAll(async () => {
  local = await startDynalite();
});
afterAll(async () => {
  await local?.stop();
});

type Extractor = (article: Article) => CeasefireEvent[];
const WRITES = ['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand'];
const writesSent = () => local.commands.filter((c) => WRITES.includes(c)).length;

async function ingest(articles: readonly Article[], extract: Extractor) {
  const { store, tableName } = await freshStore(local);
  for (const article of articles) await store.recordArticle(article, extract(article));
  return { store, tableName };
}

/**
 * The table as a clean ingest would leave it, but for `version`: a revised event's version goes on
 * from the one it had (an optimistic-concurrency counter must never step back), so it counts more writes.
 */
async function contentOf(tableName: string) {
  return (await dumpTable(local, tableName)).map(({ version: _version, ...item }) => item);
}

const a1 = makeArticle({ seed: 'reuters', receivedAt: '2016-02-12T08:00:00.000Z' });
const a2 = makeArticle({ seed: 'ap', receivedAt: '2016-02-12T09:00:00.000Z' });
const a3 = makeArticle({ seed: 'bbc', receivedAt: '2016-02-13T07:00:00.000Z' });
const a4 = makeArticle({ seed: 'afp', receivedAt: '2016-02-14T07:00:00.000Z' });
const ARTICLES = [a1, a2, a3, a4];
const munich = (article: Article, extra: Partial<CeasefireEvent> = {}) => makeEvent({ seed: 'munich', article, ...extra });
const violation = (article: Article) =>
  makeEvent({ seed: 'violation', article, type: 'violation', occurred: { date: '2016-02-13', precision: 'day', basis: 'relative' } });
const ghost = (article: Article) => makeEvent({ seed: 'price-war', article, type: 'talks', theatre: { country: 'GB', areas: [] } });
const extension = (article: Article) =>
  makeEvent({ seed: 'extension', article, type: 'extension', occurred: { date: '2016-02-14', precision: 'day', basis: 'explicit' } });

/** The old extractor: a false positive in a1 ("ghost"), munich in a2 as well, nothing in a4. */
const before: Extractor = (a) =>
  ({
    [a1.id]: [munich(a1, { confidence: 0.6 }), ghost(a1)],
    [a2.id]: [munich(a2, { headline: 'Powers agree Syria truce in Munich', confidence: 0.9 })],
    [a3.id]: [munich(a3), violation(a3)],
  })[a.id] ?? [];

/** The new one: munich richer in a1 and gone from a2, the ghost gone, an extension found in a4. */
const after: Extractor = (a) =>
  ({
    [a1.id]: [munich(a1, { confidence: 0.7, mediators: [{ id: 'issg', name: 'ISSG', kind: 'coalition' }] })],
    [a3.id]: [munich(a3), violation(a3)],
    [a4.id]: [extension(a4)],
  })[a.id] ?? [];

describe('reextractAll after an extractor upgrade', () => {
  it('leaves the table a clean ingest with the new extractor would, writing only what changed', async () => {
    const { store, tableName } = await ingest(ARTICLES, before);
    const oldVersions = new Map((await dumpTable(local, tableName)).map((i) => [i.pk, i.version]));

    const dry = await reextractAll({ store, extract: after, reads: readsLanguage }, { dryRun: true });
    const expected: ReextractSummary = {
      dryRun: true,
      articles: 4,
      articlesRelinked: 3, // a1 loses the ghost, a2 loses munich, a4 gains the extension
      created: [extension(a4).id],
      updated: [munich(a1).id],
      removed: [{ id: ghost(a1).id, headline: ghost(a1).headline }],
      unchanged: 1, // the violation
      unsupported: 0,
    };
    expect(dry).toEqual(expected);

    local.commands.length = 0;
    const summary = await reextractAll({ store, extract: after, reads: readsLanguage });
    expect(summary).toEqual({ ...expected, dryRun: false });
    // 1 create + 1 update + 3 article eventIds + 1 delete
    expect(writesSent()).toBe(6);
    expect(local.commands).not.toContain('ScanCommand');

    const clean = await ingest(ARTICLES, after);
    expect(await contentOf(tableName)).toEqual(await contentOf(clean.tableName));
    const versions = new Map((await dumpTable(local, tableName)).map((i) => [i.pk, i.version]));
    expect(versions.get(`EVENT#${violation(a3).id}`)).toBe(oldVersions.get(`EVENT#${violation(a3).id}`));
    expect(versions.get(`EVENT#${munich(a1).id}`)).toBe(Number(oldVersions.get(`EVENT#${munich(a1).id}`)) + 1);
  });

  it('recomputes an event from the articles that still report it, timestamps from their receivedAt', async () => {
    const { store } = await ingest(ARTICLES, before);
    await reextractAll({ store, extract: after, reads: readsLanguage });
    const event = (await store.getEvent(munich(a1).id))!;
    expect(event.sources.map((s) => s.articleId).sort()).toEqual([a1.id, a3.id].sort());
    expect(event.evidence.map((e) => e.articleId).sort()).toEqual([a1.id, a3.id].sort());
    expect(event.confidence).toBe(0.8); // a3's; a2's 0.9 no longer counts
    expect(event.firstReportedAt).toBe(a1.receivedAt);
    expect(event.updatedAt).toBe(a3.receivedAt);
    expect(await store.getEvent(ghost(a1).id)).toBeUndefined();
    expect((await store.getArticle(a2.id))?.eventIds).toEqual([]);
    expect((await store.listFeedEvents()).events.map((e) => e.id)).not.toContain(ghost(a1).id);
  });

  it('an unchanged extractor writes nothing and reads with Query only', async () => {
    const { store, tableName } = await ingest(ARTICLES, after);
    const table = await dumpTable(local, tableName);
    local.commands.length = 0;
    const summary = await reextractAll({ store, extract: after, reads: readsLanguage });
    expect(summary).toMatchObject({ articles: 4, articlesRelinked: 0, created: [], updated: [], removed: [], unchanged: 3 });
    expect(writesSent()).toBe(0);
    expect(new Set(local.commands)).toEqual(new Set(['QueryCommand']));
    expect(await dumpTable(local, tableName)).toEqual(table);
  });

  it('is idempotent: a second run after an upgrade writes nothing', async () => {
    const { store, tableName } = await ingest(ARTICLES, before);
    await reextractAll({ store, extract: after, reads: readsLanguage });
    const table = await dumpTable(local, tableName);
    local.commands.length = 0;
    expect(await reextractAll({ store, extract: after, reads: readsLanguage })).toMatchObject({ created: [], updated: [], removed: [], unchanged: 3 });
    expect(writesSent()).toBe(0);
    expect(await dumpTable(local, tableName)).toEqual(table);
  });
});

describe('reextractAll and articles in a language the extractor does not read', () => {
  const french = makeArticle({ seed: 'afp-fr', language: 'fr', title: 'Trêve en Syrie', receivedAt: '2016-02-13T08:00:00.000Z' });
  const trêve = (article: Article) => makeEvent({ seed: 'treve', article });
  /** A later extractor that reads French too. */
  const bilingual: Extractor = (a) => (a.id === french.id ? [trêve(a)] : after(a));
  const readsFrench = (language: string) => language === 'en' || language === 'fr';

  it('notes an article stored before unsupported languages were noted, reads nothing in it, and writes the note once', async () => {
    // Stored by an ingest that ran the English extractor over it and found nothing (no note).
    const { store } = await ingest([...ARTICLES, french], (a) => (a.id === french.id ? [] : after(a)));
    local.commands.length = 0;
    const summary = await reextractAll({ store, extract: bilingual, reads: readsLanguage });
    expect(summary).toMatchObject({ articles: 5, unsupported: 1, created: [], updated: [], removed: [], articlesRelinked: 0 });
    expect(writesSent()).toBe(1);
    expect(await store.listUnsupported()).toEqual([unsupportedArticle(french)]);
    local.commands.length = 0;
    expect(await reextractAll({ store, extract: bilingual, reads: readsLanguage })).toMatchObject({ unsupported: 1, created: [] });
    expect(writesSent()).toBe(0);
  });

  it('once the extractor reads the language, reads the article and lifts the note: a clean ingest with that extractor', async () => {
    const { store, tableName } = await ingest(ARTICLES, after);
    await store.recordArticle(french, []);
    await store.markUnsupported(unsupportedArticle(french));
    const dry = await reextractAll({ store, extract: bilingual, reads: readsFrench }, { dryRun: true });
    expect(dry).toMatchObject({ unsupported: 0, created: [trêve(french).id], articlesRelinked: 1 });
    expect(await store.listUnsupported()).toHaveLength(1);

    await reextractAll({ store, extract: bilingual, reads: readsFrench });
    expect(await store.listUnsupported()).toEqual([]);
    expect((await store.getArticle(french.id))?.eventIds).toEqual([trêve(french).id]);
    const clean = await ingest([...ARTICLES, french], bilingual);
    expect(await contentOf(tableName)).toEqual(await contentOf(clean.tableName));
  });
});

describe('reextractAll while ingest runs', () => {
  // Stored with the new extractor while the re-extraction runs: a5 reports the ghost, so it must stay (with a5 as its only source).
  const a5 = makeArticle({ seed: 'late-ghost', receivedAt: '2016-02-15T07:00:00.000Z' });
  const a6 = makeArticle({ seed: 'late-munich', receivedAt: '2016-02-15T08:00:00.000Z' });
  const a7 = makeArticle({ seed: 'late-extension', receivedAt: '2016-02-15T09:00:00.000Z' });
  const late: Extractor = (a) => ({ [a5.id]: [ghost(a5)], [a6.id]: [munich(a6, { confidence: 0.95 })], [a7.id]: [extension(a7)] })[a.id] ?? after(a);
  const everything = [...ARTICLES, a5, a6, a7];

  it('counts articles stored after their page was read', async () => {
    const { store, tableName } = await ingest(ARTICLES, before);
    // Ingest stores the late articles between reading the articles and reading the events.
    const racing = new Proxy(store, {
      get(target, name) {
        if (name === 'allFeedEvents') {
          return async function* () {
            for (const article of [a5, a6, a7]) await target.recordArticle(article, late(article));
            yield* target.allFeedEvents();
          };
        }
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as EventStore;
    const summary = await reextractAll({ store: racing, extract: late, reads: readsLanguage });
    expect(summary.articles).toBe(4);
    expect(summary.removed).toEqual([]);
    const clean = await ingest(everything, late);
    expect(await contentOf(tableName)).toEqual(await contentOf(clean.tableName));
  });

  it('converges on a clean ingest whatever the interleaving', async () => {
    const clean = await contentOf((await ingest(everything, late)).tableName);
    for (let round = 0; round < 3; round++) {
      const { store, tableName } = await ingest(ARTICLES, before);
      await Promise.all([
        reextractAll({ store, extract: late, reads: readsLanguage }, { concurrency: 2 }),
        ...[a7, a6, a5].map((article) => store.recordArticle(article, late(article))),
      ]);
      expect(await contentOf(tableName)).toEqual(clean);
      local.commands.length = 0;
      await reextractAll({ store, extract: late, reads: readsLanguage });
      expect(writesSent()).toBe(0);
    }
  });
});

describe('reextractAll with the real extractor', () => {
  const CORPUS = path.resolve(import.meta.dirname, '../fixtures/corpus/articles');

  /** An older extractor: no mediators or people, only the first development of an article, and a false positive in every trap. */
  const older: Extractor = (article) => {
    const events = extractEvents(article);
    if (events.length === 0) return [makeEvent({ seed: `false-positive-${article.id}`, article })];
    return events.slice(0, 1).map((e) => ({ ...e, mediators: [], people: [], confidence: e.confidence / 2 }));
  };

  it('re-extracting the own corpus equals ingesting it with the current extractor', async () => {
    const articles: Article[] = [];
    for (const [i, name] of (await readdir(CORPUS)).sort().entries()) {
      const receivedAt = new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString();
      const result = await readArticles({ key: `inbox/${name}`, bytes: await readFile(path.join(CORPUS, name)), receivedAt });
      if (result.ok) articles.push(...result.articles);
    }
    expect(articles.length).toBeGreaterThan(38);
    const { store, tableName } = await ingest(articles, older);
    const summary = await reextractAll({ store, extract: extractEvents, reads: readsLanguage });
    expect(summary.removed.length).toBeGreaterThan(0);
    expect(summary.created.length).toBeGreaterThan(0);
    expect(summary.updated.length).toBeGreaterThan(0);
    const clean = await ingest(articles, extractEvents);
    expect(await contentOf(tableName)).toEqual(await contentOf(clean.tableName));
  });
});
