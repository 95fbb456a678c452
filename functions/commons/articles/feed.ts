/**
 * RSS 0.9x/1.0/2.0 and Atom feeds via rss-parser (`parseString`), one draft per item. Item HTML is
 * converted to plain text; the publisher defaults to the feed title; dates are taken raw from the
 * item (Atom `published`/`updated`, RSS `pubDate`, `dc:date`) so the calendar date is the one written
 * (rss-parser's own Atom date is converted to UTC). The caller has already refused DOCTYPEs with
 * entities (see safety.ts).
 */
import Parser from 'rss-parser';
import type { Draft } from '#commons/articles/types.ts';
import { describeError, fail } from '#commons/articles/errors.ts';
import { htmlToText, toPlainText } from '#commons/articles/html-text.ts';
import { MAX_ITEMS, MAX_MARKUP_DEPTH } from '#commons/articles/limits.ts';
import { markupStats } from '#commons/articles/markup-stats.ts';
import { cleanUrl, normaliseInline, truncate } from '#commons/articles/normalise.ts';

type Raw = Record<string, unknown>;

/**
 * rss-parser with two fixes. Its Atom item parser calls `new Date(x).toISOString()` on `published`
 * and `updated`, which throws for an unparseable date and so loses the whole feed; here such an item
 * is parsed again without those dates. Raw date fields are kept for calendar-date parsing.
 */
class TolerantParser extends Parser<Raw, Raw> {
  constructor() {
    super({
      defaultRSS: 2,
      customFields: {
        item: [
          ['published', 'rawPublished'],
          ['updated', 'rawUpdated'],
          ['dc:date', 'rawDcDate'],
          ['dc:language', 'rawLanguage'],
          ['body', 'rawBody'],
          ['xhtml:body', 'rawXhtmlBody'],
          ['fullitem', 'rawFullItem'],
          // Atom names a category in an attribute (term, label), which rss-parser's own fields leave out.
          ['category', 'rawCategories', { keepArray: true }],
        ],
      },
    });
  }

  parseItemAtom(entry: Raw): Raw {
    const parent = Parser.prototype as unknown as { parseItemAtom(this: Parser, entry: Raw): Raw };
    try {
      return parent.parseItemAtom.call(this, entry);
    } catch {
      const { published: _published, updated: _updated, ...rest } = entry;
      return { ...parent.parseItemAtom.call(this, rest), rawPublished: _published, rawUpdated: _updated };
    }
  }
}

/** Child elements of inline XHTML whose text is never content. */
const NOT_TEXT = new Set(['$', 'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'applet', 'svg', 'math', 'head', 'title', 'meta', 'link']);

/**
 * Text of a parsed XML value: a string, `{ _: text }`, an array of those, or an element tree (inline
 * XHTML), whose attributes and script-like children are skipped.
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (!value || typeof value !== 'object') return '';
  const parts: string[] = [];
  const stack: unknown[] = [value];
  let visited = 0;
  while (stack.length > 0 && visited++ < 100_000) {
    const item = stack.pop();
    if (typeof item === 'string') parts.push(item);
    else if (Array.isArray(item)) for (let i = item.length - 1; i >= 0; i--) stack.push(item[i]);
    else if (item && typeof item === 'object') {
      const entries = Object.entries(item as Raw).filter(([key]) => !NOT_TEXT.has(key.replace(/^[\w-]+:/, '').toLowerCase()));
      for (let i = entries.length - 1; i >= 0; i--) stack.push(entries[i]![1]);
    }
  }
  return parts.join(' ');
}

/** Markup that is still there after one conversion: the feed escaped its HTML twice. */
const STILL_HTML = /<\/?(?:p|div|br|a|span|img|b|i|em|strong|ul|ol|li|table|tr|td|h[1-6]|blockquote|figure|iframe|script|style)\b[^<>]{0,1000}>|<!--/i;

/**
 * Item markup to plain text. Some feeds (reddit) escape their HTML twice, so text that still holds
 * tags after one conversion is converted once more.
 */
function itemText(value: unknown): string {
  const text = asText(value);
  if (!text) return '';
  const once = htmlToText(text);
  return STILL_HTML.test(once) ? htmlToText(once) : once;
}

function firstLine(text: string, max: number): string {
  const line = text.split('\n', 1)[0] ?? '';
  const sentence = /^(.{20,}?[.!?])(?:\s|$)/.exec(line)?.[1] ?? line;
  return truncate(sentence, max);
}

export interface FeedRead {
  /** One entry per source item; undefined for items without any text. */
  drafts: (Draft | undefined)[];
  /** Plain-text feed title, when there is one. */
  title?: string;
}

/** A parsed feed: its items as rss-parser gives them (plus the raw date fields), before reading. */
export interface ParsedFeed {
  items: Raw[];
  /** Plain-text feed title ('' when there is none). */
  title: string;
  language?: string;
}

/** The xml:lang of the root element, which rss-parser does not expose (Atom feeds declare it there). */
function rootLanguage(xml: string): string | undefined {
  return /<(?:feed|rss|rdf:RDF)\b[^>]*?\bxml:lang\s*=\s*["']([^"']+)["']/i.exec(xml.slice(0, 8192))?.[1];
}

/** Parses a decoded feed; a feed that is not one, or not well-formed, is a ReadError. */
export async function parseFeed(xml: string): Promise<ParsedFeed> {
  const { depth } = markupStats(xml);
  if (depth > MAX_MARKUP_DEPTH) {
    fail('malformed', `The feed nests elements about ${depth} deep; over ${MAX_MARKUP_DEPTH} is not a real feed.`);
  }
  let feed: Parser.Output<Raw>;
  try {
    feed = await new TolerantParser().parseString(xml);
  } catch (error) {
    if (error instanceof RangeError) fail('malformed', 'The feed is too deeply nested to parse.');
    const message = describeError(error);
    if (/not recognized as RSS/i.test(message)) {
      fail('unsupported', 'The XML is neither an RSS nor an Atom feed, so there are no articles in it.');
    }
    fail('malformed', `The feed is not well-formed XML: ${message}`);
  }
  const items = Array.isArray(feed.items) ? feed.items : [];
  if (items.length > MAX_ITEMS) fail('too-large', `The feed holds ${items.length} items; the limit is ${MAX_ITEMS}.`);
  const language = asText((feed as unknown as Raw).language) || rootLanguage(xml);
  return { items, title: normaliseInline(toPlainText(asText(feed.title))), ...(language ? { language } : {}) };
}

/** The item's categories: RSS names them in text, Atom in a label or term attribute. */
function categoriesOf(item: Raw): string[] {
  const raw = Array.isArray(item.rawCategories) ? (item.rawCategories as unknown[]) : [];
  const names = raw.map((c) => {
    const attributes = (c as { $?: Record<string, unknown> } | null)?.$;
    return normaliseInline(asText(attributes?.label) || asText(attributes?.term) || asText(typeof c === 'string' ? c : (c as { _?: unknown })?._));
  });
  return [...new Set(names.filter(Boolean))];
}

/** What an item says of itself as an article, or undefined when it has neither title nor text. */
export function itemDraft(item: Raw, feed: Pick<ParsedFeed, 'title' | 'language'>): Draft | undefined {
  const body =
    itemText(item['content:encoded']) ||
    itemText(item.rawXhtmlBody) ||
    itemText(item.rawBody) ||
    itemText(item.rawFullItem) ||
    itemText(item.content) ||
    itemText(item.summary);
  let title = normaliseInline(toPlainText(asText(item.title)));
  if (!title && body) title = firstLine(body, 160);
  if (!title && !body) return undefined;
  const draft: Draft = { title, body };
  const url = cleanUrl(asText(item.link)) ?? cleanUrl(asText(item.guid));
  // Raw fields first: for Atom, rss-parser's pubDate is already converted to UTC.
  const published = [item.rawPublished, item.rawUpdated, item.pubDate, item.rawDcDate, item.date].map(asText).find((d) => d.trim());
  const byline = asText(item.creator) || asText(item.author);
  const section = categoriesOf(item).join(', ');
  const language = asText(item.rawLanguage) || feed.language;
  if (url) draft.url = url;
  if (published) draft.published = published;
  if (feed.title) draft.publisher = feed.title;
  if (byline) draft.byline = normaliseInline(toPlainText(byline));
  if (section) draft.section = toPlainText(section);
  if (language) draft.language = language;
  return draft;
}

/** The id the feed gives an item (RSS guid, Atom id), when it gives one. */
export function itemGuid(item: Raw): string | undefined {
  return normaliseInline(asText(item.guid) || asText(item.id)) || undefined;
}

/** Reads a decoded feed. */
export async function readFeed(xml: string): Promise<FeedRead> {
  const feed = await parseFeed(xml);
  return { drafts: feed.items.map((item) => itemDraft(item, feed)), ...(feed.title ? { title: feed.title } : {}) };
}
