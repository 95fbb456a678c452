/**
 * Where the poller drops what it finds: `inbox/sources/<source name>/<item hash>.<html|json>`. The key
 * is the same every time an item is dropped, so a re-drop after a crash overwrites the same object
 * (and the store treats its article as a duplicate); the ingest side reads the source back from the key.
 */
import { createHash } from 'node:crypto';
import { INBOX_PREFIX } from '../../../infra/names.ts';

export const SOURCES_PREFIX = `${INBOX_PREFIX}sources/`;

/** A short, stable hash (base64url) of an item id: 96 bits, collision-free for any one source's items. */
export function itemHash(itemId: string): string {
  return createHash('sha256').update(itemId).digest('base64url').slice(0, 16);
}

/** The inbox key of one item of one source. */
export function itemObjectKey(source: string, itemId: string, extension: 'html' | 'json'): string {
  return `${SOURCES_PREFIX}${source}/${itemHash(itemId)}.${extension}`;
}

/** The source an inbox object came from, or undefined for a dropped file. */
export function sourceOfKey(key: string): string | undefined {
  if (!key.startsWith(SOURCES_PREFIX)) return undefined;
  const name = key.slice(SOURCES_PREFIX.length).split('/', 1)[0];
  return name || undefined;
}
