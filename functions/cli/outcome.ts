/**
 * What became of one dropped object, in words, for the local stack's console and `drop --wait`.
 *
 * An article is stored once, by its id (a hash of its title and body). Dropping the same article again,
 * under the same or another key, is recorded as `processed` like any drop, but the store keeps the
 * article it has, with the metadata it first came with. This says so, and names the metadata of this
 * drop (`published`, `url`, `publisher`) that the stored article therefore does not have. And it names
 * the articles that were stored but not read, because the extractor does not read their language yet,
 * so that nobody takes them for articles without news.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { s3 } from '#commons/aws/sdk.ts';
import type { Article } from '#schemas/event.ts';
import { checkSupplied } from '#commons/articles/build.ts';
import { describeLanguage } from '#commons/articles/language.ts';
import { sourceOfKey } from '#commons/sources/keys.ts';
import type { EventStore, ObjectRecord, UnsupportedArticle } from '#commons/store/store.ts';

/** A pipeline (commons/pipeline/runtime.ts) will do. */
export interface OutcomeDeps {
  s3: S3Client;
  store: EventStore;
  config: { inboxBucket: string };
}

export type MetadataName = 'published' | 'url' | 'publisher';

export interface ObjectReport {
  record: ObjectRecord;
  /** Keys of the drops that stored this object's articles first, when some were stored before it came. */
  storedFrom: string[];
  /** How many of its articles were stored before it came. */
  alreadyStored: number;
  /** Metadata this drop carries that the stored articles lack or say otherwise: it was not applied. */
  notApplied: MetadataName[];
  /** How many of its articles (of those read) carry no publication date, so that their developments are dated by arrival. */
  undated: number;
  /** Its articles stored unread, in a language the extractor does not read yet. */
  unsupported: UnsupportedArticle[];
}

/** The recorded outcome of `key`, with what it means for its articles; undefined while it has none. */
export async function reportObject(deps: OutcomeDeps, key: string): Promise<ObjectReport | undefined> {
  const record = await deps.store.getObject(key);
  if (!record) return undefined;
  const report: ObjectReport = { record, storedFrom: [], alreadyStored: 0, notApplied: [], undated: 0, unsupported: [] };
  if (record.state !== 'processed') return report;
  const [stored, notes] = await Promise.all([
    Promise.all(record.articleIds.map((id) => deps.store.getArticle(id))),
    Promise.all(record.articleIds.map((id) => deps.store.getUnsupported(id))),
  ]);
  const articles = stored.map((s) => s?.article).filter((article): article is Article => article !== undefined);
  report.unsupported = notes.filter((note): note is UnsupportedArticle => note !== undefined);
  const unread = new Set(report.unsupported.map((u) => u.articleId));
  report.undated = articles.filter((a) => !a.publishedAt && !unread.has(a.id)).length;
  const earlier = articles.filter((article) => !storedBy(article, record));
  if (earlier.length === 0) return report;
  report.alreadyStored = earlier.length;
  report.storedFrom = [...new Set(earlier.map((a) => a.key.replace(/#\d+$/, '')))];
  const head = await deps.s3.send(new s3.HeadObjectCommand({ Bucket: deps.config.inboxBucket, Key: key })).catch(() => undefined);
  const { published, url, publisher } = head?.Metadata ?? {};
  const supplied = checkSupplied({ ...(published ? { published } : {}), ...(url ? { url } : {}), ...(publisher ? { publisher } : {}) });
  // A supplied url names the article of a single-article file only (in a feed it fills gaps).
  const single = record.articleIds.length === 1;
  const differs: Record<MetadataName, (a: Article) => boolean> = {
    published: (a) => supplied.published !== undefined && supplied.published.date !== a.publishedAt?.date,
    url: (a) => single && supplied.url !== undefined && supplied.url !== a.url,
    publisher: (a) => supplied.publisher !== undefined && supplied.publisher !== a.publisher,
  };
  report.notApplied = (Object.keys(differs) as MetadataName[]).filter((name) => earlier.some(differs[name]));
  return report;
}

/** True when this drop is the one that stored the article (its key, its arrival time). */
function storedBy(article: Article, record: ObjectRecord): boolean {
  const sameKey = article.key === record.key || article.key.startsWith(`${record.key}#`);
  return sameKey && Date.parse(article.receivedAt) === Date.parse(record.at);
}

/** One line, as the local stack's console prints it: `processed inbox/a.txt (1 article)`. */
export function describeObject(report: ObjectReport): string {
  const { record } = report;
  if (record.state === 'rejected') return `rejected  ${record.key}: ${record.reason}: ${record.detail}`;
  const count = record.articleIds.length;
  const articles = `${count} article${count === 1 ? '' : 's'}`;
  if (!report.alreadyStored) return `processed ${record.key} (${articles})${undatedNote(report)}${unsupportedNote(report)}`;
  const which = count === 1 ? 'already stored' : `${report.alreadyStored} already stored`;
  const one = report.alreadyStored === 1;
  const kept = report.notApplied.length
    ? `; the stored ${one ? 'article keeps its' : 'articles keep their'} metadata, so this drop's ${listed(report.notApplied)} ` +
      `${report.notApplied.length === 1 ? 'was' : 'were'} not applied to ${one ? 'it' : 'them'}`
    : '';
  return `processed ${record.key} (${articles}, ${which} by an earlier drop of ${listed(report.storedFrom)}${kept})${unsupportedNote(report)}`;
}

/** Said of every drop: the articles are not read until the extractor reads their language. */
function unsupportedNote({ unsupported, record }: ObjectReport): string {
  if (!unsupported.length) return '';
  const languages = listed([...new Set(unsupported.map((u) => u.language))].map(describeLanguage));
  const one = unsupported.length === 1;
  const which = unsupported.length === record.articleIds.length ? (one ? 'it is' : 'they are') : `${unsupported.length} of them are`;
  return (
    ` — not read: ${which} in ${languages}, which the extractor does not read yet; ${one ? 'it is' : 'they are'} kept, ` +
    `and 'ceasefire-feed reextract' reads ${one ? 'it' : 'them'} once the extractor does`
  );
}

/** Said of a first drop only: a later drop of the same text cannot date it any more. */
function undatedNote({ undated, record }: ObjectReport): string {
  if (!undated) return '';
  const all = undated === record.articleIds.length;
  const which = all ? (undated === 1 ? 'it has' : 'they have') : `${undated} of them have`;
  // A polled item had no date in its feed either: there is nothing to give when dropping.
  const advice = sourceOfKey(record.key) ? ' (the feed gave no date)' : "; give one with --published YYYY-MM-DD (or S3 metadata 'published') when dropping";
  return ` — ${which} no publication date, so ${all && undated === 1 ? 'its' : 'their'} developments are dated by arrival${advice}`;
}

const listed = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
