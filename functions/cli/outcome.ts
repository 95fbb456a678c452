/**
 * What became of one dropped object, in words, for the local stack's console and `drop --wait`.
 *
 * An article is stored once, by its id (a hash of its title and body). Dropping the same article again,
 * under the same or another key, is recorded as `processed` like any drop, but the store keeps the
 * article it has, with the metadata it first came with. This says so, and names the metadata of this
 * drop (`published`, `url`, `publisher`) that the stored article therefore does not have.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { s3 } from '#commons/aws/sdk.ts';
import type { Article } from '#schemas/event.ts';
import { checkSupplied } from '#commons/articles/build.ts';
import type { EventStore, ObjectRecord } from '#commons/store/store.ts';

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
  /** How many of its articles carry no publication date, so that their developments are dated by arrival. */
  undated: number;
}

/** The recorded outcome of `key`, with what it means for its articles; undefined while it has none. */
export async function reportObject(deps: OutcomeDeps, key: string): Promise<ObjectReport | undefined> {
  const record = await deps.store.getObject(key);
  if (!record) return undefined;
  const report: ObjectReport = { record, storedFrom: [], alreadyStored: 0, notApplied: [], undated: 0 };
  if (record.state !== 'processed') return report;
  const articles = (await Promise.all(record.articleIds.map((id) => deps.store.getArticle(id))))
    .map((s) => s?.article)
    .filter((article): article is Article => article !== undefined);
  report.undated = articles.filter((a) => !a.publishedAt).length;
  const stored = articles.filter((article) => !storedBy(article, record));
  if (stored.length === 0) return report;
  report.alreadyStored = stored.length;
  report.storedFrom = [...new Set(stored.map((a) => a.key.replace(/#\d+$/, '')))];
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
  report.notApplied = (Object.keys(differs) as MetadataName[]).filter((name) => stored.some(differs[name]));
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
  if (!report.alreadyStored) return `processed ${record.key} (${articles})${undatedNote(report)}`;
  const which = count === 1 ? 'already stored' : `${report.alreadyStored} already stored`;
  const one = report.alreadyStored === 1;
  const kept = report.notApplied.length
    ? `; the stored ${one ? 'article keeps its' : 'articles keep their'} metadata, so this drop's ${listed(report.notApplied)} ` +
      `${report.notApplied.length === 1 ? 'was' : 'were'} not applied to ${one ? 'it' : 'them'}`
    : '';
  return `processed ${record.key} (${articles}, ${which} by an earlier drop of ${listed(report.storedFrom)}${kept})`;
}

/** Said of a first drop only: a later drop of the same text cannot date it any more. */
function undatedNote({ undated, record }: ObjectReport): string {
  if (!undated) return '';
  const all = undated === record.articleIds.length;
  const which = all ? (undated === 1 ? 'it has' : 'they have') : `${undated} of them have`;
  return ` — ${which} no publication date, so ${all && undated === 1 ? 'its' : 'their'} developments are dated by arrival; give one with --published YYYY-MM-DD (or S3 metadata 'published') when dropping`;
}

const listed = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
