/**
 * Re-extraction after an extractor upgrade: run the current extractor over every stored article and
 * bring the stored events in line with it, so the table ends up as a clean ingest of the same articles
 * with this extractor would leave it (event `version`s aside, which only ever grow).
 *
 * 1. Read every article (Query pages of the `status` index), extract, and fold each article's events
 *    (`prepareEvents`: timestamps from the article's `receivedAt`) into one target per event id with
 *    the store's own merge. Memory: one merged event per id plus one id per article, never the bodies.
 * 2. Read every stored event (Query on the `feed` index) and compare: equal events cost nothing, so an
 *    unchanged extractor writes nothing at all.
 * 3. Write the differences through `reviseEvent` (conditional on `version`): new and changed events
 *    first, then the articles' `eventIds`, then delete the events no stored article reports any more,
 *    so an article never names an event that is gone.
 *
 * Safe while ingest runs: if the stored event names a source this run did not read (an article stored
 * after its page was read), that article is read and extracted too, so its report is never dropped.
 *
 * An article in a language this extractor does not read is not extracted (it reports nothing) and is
 * noted as unsupported, as ingest notes it; an article noted before whose language it now reads loses
 * the note. Only differences are written, like the events.
 */
import type { Article, CeasefireEvent } from '#schemas/event.ts';
import { mergeAll, mergeEvents, prepareEvents, sameEvent } from '#commons/store/merge.ts';
import { unsupportedArticle, type EventRevision, type EventStore, type UnsupportedArticle } from '#commons/store/store.ts';
import { mapLimit } from './concurrency.ts';

export interface ReextractDeps {
  store: EventStore;
  /** The extractor to apply (the stage's; tests pass others to simulate an upgrade). */
  extract: (article: Article) => CeasefireEvent[] | Promise<CeasefireEvent[]>;
  /** The languages it reads (`readsLanguage`); articles in others are not extracted, and noted as unsupported. */
  reads: (language: string) => boolean;
}

export interface ReextractOptions {
  /** Compute and report the changes without writing anything. */
  dryRun?: boolean;
  /** Event and article writes in flight at once. */
  concurrency?: number;
}

export interface ReextractSummary {
  dryRun: boolean;
  /** Stored articles read and extracted. */
  articles: number;
  /** Articles whose `eventIds` changed. */
  articlesRelinked: number;
  created: string[];
  updated: string[];
  /** Events no stored article reports any more, deleted (so they leave the feeds). */
  removed: { id: string; headline: string }[];
  unchanged: number;
  /** Stored articles in a language this extractor does not read: not read, noted as unsupported. */
  unsupported: number;
}

const DEFAULT_CONCURRENCY = 8;

export async function reextractAll(deps: ReextractDeps, options: ReextractOptions = {}): Promise<ReextractSummary> {
  const { store } = deps;
  const reportsOf = async (article: Article, readable = deps.reads(article.language)) => (readable ? prepareEvents(article, await deps.extract(article)) : []);
  // 1. What every stored article now reports, merged per event id; which articles it cannot read.
  const targets = new Map<string, CeasefireEvent>();
  const read = new Set<string>();
  const relinks: { articleId: string; eventIds: string[] }[] = [];
  const noted = new Set((await store.listUnsupported()).map((u) => u.articleId));
  const toNote: UnsupportedArticle[] = [];
  const toUnnote: string[] = [];
  let unsupported = 0;
  for await (const { article, eventIds } of store.allArticles()) {
    read.add(article.id);
    const readable = deps.reads(article.language);
    if (!readable) {
      unsupported++;
      if (!noted.has(article.id)) toNote.push(unsupportedArticle(article));
    } else if (noted.has(article.id)) toUnnote.push(article.id);
    const reports = await reportsOf(article, readable);
    for (const report of reports) {
      const merged = targets.get(report.id);
      targets.set(report.id, merged ? mergeEvents(merged, report) : report);
    }
    const ids = reports.map((e) => e.id);
    if (ids.join() !== eventIds.join()) relinks.push({ articleId: article.id, eventIds: ids });
  }

  // 2. What differs from the stored events. Targets of unchanged events are let go as soon as they match.
  let unchanged = 0;
  const changed: string[] = [];
  const orphans = new Map<string, string>();
  for await (const stored of store.allFeedEvents()) {
    const target = targets.get(stored.id);
    if (!target) orphans.set(stored.id, stored.headline);
    else if (!sameEvent(target, stored)) changed.push(stored.id);
    else {
      unchanged++;
      targets.delete(stored.id);
    }
  }
  const changedIds = new Set(changed);
  const fresh = [...targets.keys()].filter((id) => !changedIds.has(id));

  const summary: ReextractSummary = {
    dryRun: options.dryRun === true,
    articles: read.size,
    articlesRelinked: relinks.length,
    created: [],
    updated: [],
    removed: [],
    unchanged,
    unsupported,
  };
  if (summary.dryRun) {
    return { ...summary, created: fresh, updated: changed, removed: [...orphans].map(([id, headline]) => ({ id, headline })) };
  }

  // 3. Write the differences. `derive` adds the reports of sources this run did not read (stored after
  // their page was read: concurrent ingest); sources it read already count in `targets`, or no longer report the event.
  const derive = (id: string) => async (current: CeasefireEvent | undefined) => {
    const reports = targets.has(id) ? [targets.get(id)!] : [];
    for (const source of current?.sources ?? []) {
      if (read.has(source.articleId)) continue;
      const late = await store.getArticle(source.articleId);
      const report = late && (await reportsOf(late.article)).find((e) => e.id === id);
      if (report) reports.push(report);
    }
    return reports.length ? mergeAll(reports) : undefined;
  };
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const tally = (ids: string[], revisions: EventRevision[]) =>
    revisions.forEach((revision, i) => {
      if (revision === 'created') summary.created.push(ids[i]!);
      else if (revision === 'updated') summary.updated.push(ids[i]!);
      else if (revision === 'removed') summary.removed.push({ id: ids[i]!, headline: orphans.get(ids[i]!)! });
      else summary.unchanged++;
    });
  const upserts = [...fresh, ...changed];
  tally(upserts, await mapLimit(upserts, concurrency, (id) => store.reviseEvent(id, derive(id))));
  await mapLimit(relinks, concurrency, (r) => store.setArticleEventIds(r.articleId, r.eventIds));
  await mapLimit(toNote, concurrency, (article) => store.markUnsupported(article));
  await mapLimit(toUnnote, concurrency, (articleId) => store.unmarkUnsupported(articleId));
  const removals = [...orphans.keys()];
  tally(removals, await mapLimit(removals, concurrency, (id) => store.reviseEvent(id, derive(id))));
  return summary;
}
