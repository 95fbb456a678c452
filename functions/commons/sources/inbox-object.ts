/**
 * What the poller drops into the inbox for one feed item, so ingest reads it like any dropped file:
 * - the linked article page (HTML, read by the existing reader with Readability) when the item carries
 *   only a summary, with the item's date, link and publisher as S3 user metadata;
 * - otherwise the item itself, as a JSON article `{ title, body, url, published, publisher, byline, section, language }`.
 */
import type { FetchResponse } from './fetch.ts';
import type { FeedItem } from './feed-items.ts';
import { itemObjectKey } from './keys.ts';

/** An item whose text is shorter than this is a summary: its page is fetched for the full article. */
const FULL_TEXT_MIN_WORDS = 200;

export interface InboxObject {
  key: string;
  body: string | Buffer;
  contentType: string;
  /** S3 user metadata (printable ASCII only: it travels in HTTP headers). */
  metadata: Record<string, string>;
  /** Whether the object is the article page or the feed item. */
  from: 'page' | 'item';
}

const HTML_TYPES = /^\s*(?:text\/html|application\/xhtml\+xml)\b/i;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function isSummary(item: FeedItem): boolean {
  return item.draft.body.split(/\s+/).filter(Boolean).length < FULL_TEXT_MIN_WORDS;
}

export function isHtmlPage(page: FetchResponse): boolean {
  return page.status >= 200 && page.status < 300 && page.body.length > 0 && HTML_TYPES.test(String(page.headers['content-type'] ?? ''));
}

/** The article page, with the item's metadata (a value that is not printable ASCII is left to the page itself). */
export function pageObject(source: string, item: FeedItem, page: FetchResponse, publisher: string): InboxObject {
  const metadata: Record<string, string> = { source };
  const supplied = { published: item.draft.published, url: item.draft.url ?? page.url, publisher };
  for (const [name, value] of Object.entries(supplied)) {
    if (value && PRINTABLE_ASCII.test(value)) metadata[name] = value;
  }
  return {
    key: itemObjectKey(source, item.id, 'html'),
    body: page.body,
    contentType: String(page.headers['content-type']),
    metadata,
    from: 'page',
  };
}

/** The feed item itself, as a JSON article. */
export function itemObject(source: string, item: FeedItem, publisher: string): InboxObject {
  const { title, body, url, published, byline, section, language } = item.draft;
  const article = { title, body, url, published, publisher, byline, section, language };
  return {
    key: itemObjectKey(source, item.id, 'json'),
    body: `${JSON.stringify(article, null, 2)}\n`,
    contentType: 'application/json; charset=utf-8',
    metadata: { source },
    from: 'item',
  };
}
