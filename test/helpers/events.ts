/**
 * Valid CeasefireEvent / Article fixtures for tests. Every builder validates its result with the
 * schema, so a fixture that drifts from the contract fails loudly.
 */
import { createHash } from 'node:crypto';
import {
  ArticleSchema,
  CeasefireEventSchema,
  type Article,
  type CeasefireEvent,
  type Source,
} from '#schemas/event.ts';

/** A stable hex id (16 chars) from any seed. */
export function hexId(seed: string, length = 16): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

export function makeArticle(overrides: Partial<Article> & { seed?: string } = {}): Article {
  const { seed = 'article', ...rest } = overrides;
  return ArticleSchema.parse({
    id: hexId(`article:${seed}`),
    key: `inbox/${seed}.txt`,
    format: 'text',
    title: `Ceasefire report ${seed}`,
    body: `Body of ${seed}. The parties agreed a cessation of hostilities.`,
    url: `https://news.example.org/${encodeURIComponent(seed)}`,
    publisher: 'Example News',
    publishedAt: { date: '2016-02-12', precision: 'day', basis: 'metadata' },
    language: 'en',
    receivedAt: '2016-02-12T10:00:00.000Z',
    ...rest,
  });
}

export function sourceOf(article: Article): Source {
  const source: Source = { articleId: article.id, title: article.title };
  if (article.url !== undefined) source.url = article.url;
  if (article.publisher !== undefined) source.publisher = article.publisher;
  if (article.publishedAt !== undefined) source.publishedAt = article.publishedAt.date;
  return source;
}

/** An event as the extractor would produce it from `article` (the article is its only source). */
export function makeEvent(overrides: Partial<CeasefireEvent> & { seed?: string; article?: Article } = {}): CeasefireEvent {
  const { seed = 'event', article, ...rest } = overrides;
  const from = article ?? makeArticle({ seed: `${seed}-article` });
  return CeasefireEventSchema.parse({
    id: hexId(`event:${seed}`),
    schemaVersion: '1',
    type: 'agreement',
    headline: `US and Russia agree cessation of hostilities in Syria (${seed})`,
    summary: 'The United States and Russia agreed a cessation of hostilities in Syria.',
    occurred: { date: '2016-02-12', precision: 'day', basis: 'explicit' },
    effective: { date: '2016-02-27', precision: 'day', basis: 'explicit' },
    theatre: { country: 'SY', areas: [{ name: 'Aleppo', country: 'SY', geonameId: 170063 }] },
    venue: { name: 'Munich', country: 'DE' },
    parties: [
      { id: 'RU', name: 'Russia', kind: 'state' },
      { id: 'US', name: 'United States', kind: 'state' },
    ],
    mediators: [{ id: 'un', name: 'United Nations', kind: 'organisation' }],
    excluded: [
      { id: 'islamic-state', name: 'Islamic State', kind: 'armed-group' },
      { id: 'nusra-front', name: 'Nusra Front', kind: 'armed-group' },
    ],
    people: [{ name: 'John Kerry', role: 'US Secretary of State', actor: 'US' }],
    codes: { cameo: '0871', plover: 'AGREE' },
    evidence: [{ articleId: from.id, quote: `The parties agreed a cessation of hostilities (${seed}).` }],
    sources: [sourceOf(from)],
    confidence: 0.8,
    firstReportedAt: from.receivedAt,
    updatedAt: from.receivedAt,
    ...rest,
  });
}

/** `count` distinct events on consecutive days going back from 2016-12-31 (newest first by index). */
export function makeEvents(count: number, prefix = 'e'): CeasefireEvent[] {
  const start = Date.UTC(2016, 11, 31);
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(start - i * 86_400_000).toISOString().slice(0, 10);
    const article = makeArticle({ seed: `${prefix}${i}`, receivedAt: `${day}T12:00:00.000Z` });
    return makeEvent({
      seed: `${prefix}${i}`,
      article,
      occurred: { date: day, precision: 'day', basis: 'explicit' },
      updatedAt: `${day}T12:00:00.000Z`,
      firstReportedAt: `${day}T12:00:00.000Z`,
    });
  });
}
