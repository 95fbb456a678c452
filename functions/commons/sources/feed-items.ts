/**
 * A fetched feed's bytes to its items, with the article readers' own parts (functions/commons/articles):
 * the same decoding (declared charsets, Windows-1252), the same refusal of entity-declaring DOCTYPEs,
 * the same rss-parser setup, dates and item text as a feed dropped into the inbox. Anything that is
 * not a readable feed is a ReadError with its reason.
 */
import { createHash } from 'node:crypto';
import type { Draft } from '#commons/articles/types.ts';
import { fail } from '#commons/articles/errors.ts';
import { itemDraft, itemGuid, parseFeed } from '#commons/articles/feed.ts';
import { decodeAndSniff } from '#commons/articles/prepare.ts';
import { binarySignature } from '#commons/articles/sniff.ts';

export interface FeedItem {
  /** What the item is known by: its guid (Atom id), else its link, else a hash of its content. */
  id: string;
  draft: Draft;
  /** Its date in epoch milliseconds, when it has one that parses (for newest-first order). */
  time?: number;
}

export interface SourceFeed {
  /** The feed's own title ('' when it has none). */
  title: string;
  items: FeedItem[];
}

const FORMAT_NAMES = { html: 'an HTML page', json: 'JSON', markdown: 'Markdown', text: 'plain text' } as const;

export async function readSourceFeed(bytes: Uint8Array, contentType?: string): Promise<SourceFeed> {
  if (bytes.length === 0) fail('empty', 'The answer was empty, not a feed.');
  const signature = binarySignature(bytes);
  if (signature) fail('binary', `The address serves ${signature}, not a feed.`);
  const { text } = decodeAndSniff(bytes, '.xml', contentType, (format) => {
    if (format === 'feed') return;
    const hint = format === 'html' ? " (a site's feed address is in its <link rel=\"alternate\" type=\"application/rss+xml\">)" : '';
    fail('unsupported', `The address serves ${FORMAT_NAMES[format]}, not an RSS or Atom feed${hint}.`);
  });
  const feed = await parseFeed(text);
  const items: FeedItem[] = [];
  for (const raw of feed.items) {
    const draft = itemDraft(raw, feed);
    if (!draft) continue;
    const id = itemGuid(raw) ?? draft.url ?? contentHash(draft);
    const time = draft.published === undefined ? Number.NaN : Date.parse(draft.published);
    items.push(Number.isFinite(time) ? { id, draft, time } : { id, draft });
  }
  return { title: feed.title, items };
}

function contentHash(draft: Draft): string {
  return `sha256:${createHash('sha256').update(`${draft.title}\n${draft.published ?? ''}\n${draft.body}`).digest('hex')}`;
}
