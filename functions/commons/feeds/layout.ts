/**
 * Where every rendered file lives (keys relative to the site's folder, `RenderOptions.path`).
 *
 *   main feed      page 0: feed.xml  atom.xml  feed.json  index.html
 *                  archive n: archive/<n>/feed.xml  .../atom.xml  .../feed.json  .../index.html
 *   theatre SY     page 0: feeds/theatre/SY.xml  feeds/theatre/SY.atom  feeds/theatre/SY.json  theatre/SY.html
 *                  archive n: feeds/theatre/SY/archive/<n>.xml (.atom, .json)  theatre/SY/archive/<n>.html
 *   type T         the same under feeds/type/T and type/T
 *   development    developments/<event id>.html, one page per development, the item link of every feed
 *   feed.css       the stylesheet that makes the XML feeds readable in a browser
 *   favicon.ico    the site's icon (SVG), which browsers ask for when they show a feed
 *
 * A feed's documents and its HTML page share the page number, but not the developments: the documents
 * carry those that reach the minimum confidence, the HTML timeline every one (render.ts), so the
 * timeline may have more archive pages than the documents.
 *
 * Theatre codes are ISO 3166-1 alpha-2 (schema-checked: two capital letters), types come from the
 * schema enum and event ids are hex digests, so no data can reach a path unchecked; `feedOf` and
 * `developmentKey` re-check them anyway.
 */
import { EVENT_TYPES } from '#schemas/contract.ts';
import type { EventType } from '#schemas/event.ts';

export type FeedKind = 'main' | 'theatre' | 'type';
export type Format = 'rss' | 'atom' | 'json' | 'html';
/** The subscribed documents of a feed page; its HTML page is the timeline's. */
export const FEED_FORMATS: readonly Format[] = ['rss', 'atom', 'json'];

export interface FeedRef {
  kind: FeedKind;
  /** ISO code (theatre) or event type (type); '' for the main feed. */
  value: string;
}

export const MAIN_FEED: FeedRef = { kind: 'main', value: '' };
export const STYLESHEET_KEY = 'feed.css';
export const ICON_KEY = 'favicon.ico';

const ISO = /^[A-Z]{2}$/;
const TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

export function theatreFeed(country: string): FeedRef {
  if (!ISO.test(country)) throw new Error(`feeds: theatre must be an ISO 3166-1 alpha-2 code, got ${JSON.stringify(country)}`);
  return { kind: 'theatre', value: country };
}

export function typeFeed(type: EventType): FeedRef {
  if (!TYPES.has(type)) throw new Error(`feeds: unknown event type ${JSON.stringify(type)}`);
  return { kind: 'type', value: type };
}

/** 'main', 'theatre/SY' or 'type/agreement': the feed's id in the page manifest. */
export function feedId(feed: FeedRef): string {
  return feed.kind === 'main' ? 'main' : `${feed.kind}/${feed.value}`;
}

/** The inverse of `feedId`; undefined for anything else. */
export function feedOf(id: string): FeedRef | undefined {
  if (id === 'main') return MAIN_FEED;
  const [kind, value, ...rest] = id.split('/');
  if (rest.length || value === undefined) return undefined;
  if (kind === 'theatre' && ISO.test(value)) return { kind, value };
  if (kind === 'type' && TYPES.has(value)) return { kind, value };
  return undefined;
}

const MAIN_FILES: Record<Format, string> = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json', html: 'index.html' };
const EXTENSIONS: Record<Exclude<Format, 'html'>, string> = { rss: 'xml', atom: 'atom', json: 'json' };

/** Key of one document of one page of a feed (page 0 = the current documents, n = archive n). */
export function fileKey(feed: FeedRef, page: number, format: Format): string {
  if (feed.kind === 'main') return page === 0 ? MAIN_FILES[format] : `archive/${page}/${MAIN_FILES[format]}`;
  const stem = format === 'html' ? `${feed.kind}/${feed.value}` : `feeds/${feed.kind}/${feed.value}`;
  const extension = format === 'html' ? 'html' : EXTENSIONS[format];
  return page === 0 ? `${stem}.${extension}` : `${stem}/archive/${page}.${extension}`;
}

const EVENT_ID = /^[a-f0-9]{16,64}$/;

/** Key of a development's own page; undefined for an id that is no event id (a broken stored event has no page). */
export function developmentKey(eventId: string): string | undefined {
  return EVENT_ID.test(eventId) ? `developments/${eventId}.html` : undefined;
}

/** 'development/<event id>': a development page's id in the page manifest. */
export function developmentId(eventId: string): string {
  return `development/${eventId}`;
}

/** The inverse of `developmentId`: the key of the page; undefined for anything else. */
export function developmentKeyOf(id: string): string | undefined {
  return id.startsWith('development/') ? developmentKey(id.slice('development/'.length)) : undefined;
}

/** A relative reference from the document at key `from` to the key `to` (both relative to the same folder). */
export function relativeHref(from: string, to: string): string {
  const fromDirs = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let common = 0;
  while (common < fromDirs.length && common < toParts.length - 1 && fromDirs[common] === toParts[common]) common++;
  return '../'.repeat(fromDirs.length - common) + toParts.slice(common).join('/');
}
