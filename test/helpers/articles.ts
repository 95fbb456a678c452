/** Builds Article objects for extraction tests without going through the readers. */
import { createHash } from 'node:crypto';
import { type Article, ArticleSchema } from '#schemas/event.ts';

export function articleOf(title: string, body: string, published?: string, extra: Partial<Article> = {}): Article {
  return ArticleSchema.parse({
    id: createHash('sha256').update(`${title}\n${body}`).digest('hex').slice(0, 16),
    key: `inbox/${title.slice(0, 20).replace(/\W+/g, '-')}.txt`,
    format: 'text',
    title,
    body,
    language: 'en',
    receivedAt: '2026-11-22T08:00:00.000Z',
    ...(published ? { publishedAt: { date: published, precision: 'day', basis: 'metadata' } } : {}),
    ...extra,
  });
}
