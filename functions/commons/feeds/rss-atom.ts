/**
 * The RSS 2.0 and Atom 1.0 documents of one feed page, written by the `feed` package; what it
 * cannot write (the CSS stylesheet instruction, RFC 5005 paging, GeoRSS and `dc:coverage` in Atom,
 * namespaces, `xml:lang`) is added by rss-atom-extras.ts. JSON Feed is not written here: `feed` writes JSON Feed 1.0 (render.ts writes
 * 1.1).
 *
 * `feed` and its XML writer, xml-js, escape too little for untrusted text, so every value is
 * prepared for the place it ends up in (escape.ts):
 * - element text `feed` passes on as it is (titles, descriptions, RSS guid and category, author
 *   name, RSS GeoRSS): `xmlJsText`;
 * - HTML that `feed` writes as CDATA (item titles, item descriptions and summaries, content):
 *   `xmlJsHtmlCdata` of HTML built from fixed tags and escaped text;
 * - attribute values `feed` passes on as they are (RSS category domain): `xmlEscaped`;
 * - values `feed` escapes `&` in itself: URLs (it runs them through `new URL()`), given as they are
 *   (absolute http(s) URLs of the site, and the entry's tag URI); Atom category term and label:
 *   `xmlJsFeedAttribute`.
 * Dates come from the data and the generator is fixed, so the same page always gives the same bytes.
 */
import { Feed, type FeedOptions, type Item } from 'feed';
import { escapeHtmlText, xmlEscaped, xmlJsFeedAttribute, xmlJsHtmlCdata, xmlJsText } from './escape.ts';
import { extendAtom, extendRss, type EntryExtras, type Paging } from './rss-atom-extras.ts';

const GENERATOR = 'ceasefire-feed';

/**
 * Atom's <updated> when there is no development at all to date a feed from (an empty store). Atom
 * requires the element, and the date must not come from the clock (the bytes, and so the ETag, would
 * change at every rebuild); the epoch is the conventional "no date". RSS, where lastBuildDate is
 * optional, leaves it out instead.
 */
export const UNDATED = new Date(0);
const RSS_DOCS = 'https://www.rssboard.org/rss-specification';

/** What RSS and Atom show of one development, in any feed. */
export interface EntryInput {
  /** The item id, a tag URI: the RSS guid and the Atom entry id. */
  id: string;
  headline: string;
  summary: string;
  /** The item's HTML, built from fixed tags and escaped text. */
  contentHtml: string;
  published: Date;
  updated: Date;
  categories: readonly { term: string; label: string; scheme: string }[];
  /** When and where, for people: "12 February 2016 · Syria: Aleppo" (`dc:coverage`). */
  coverage: string;
  geo?: EntryExtras['geo'];
}

/** An entry prepared for `feed` once, for every page of every feed that lists it; only the link differs. */
export interface XmlEntry {
  rss: Omit<Item, 'link'>;
  atom: Omit<Item, 'link'>;
  /** What rss-atom-extras.ts adds to the Atom entry. */
  atomExtras: EntryExtras;
}

export function xmlEntry(input: EntryInput): XmlEntry {
  const common = {
    // Readers show RSS and Atom (type="html") item titles and summaries as HTML: element text, with
    // quotes kept as written (escapeHtmlText).
    title: xmlJsHtmlCdata(escapeHtmlText(input.headline)),
    date: input.updated,
    published: input.published,
    description: xmlJsHtmlCdata(escapeHtmlText(input.summary)),
    content: xmlJsHtmlCdata(input.contentHtml),
  };
  const entry: XmlEntry = {
    rss: {
      ...common,
      guid: xmlJsText(input.id),
      category: input.categories.map((c) => ({ name: xmlJsText(c.term), domain: xmlEscaped(c.scheme) })),
    },
    atom: {
      ...common,
      id: input.id,
      category: input.categories.map((c) => ({ term: xmlJsFeedAttribute(c.term), name: xmlJsFeedAttribute(c.label), scheme: c.scheme })),
    },
    atomExtras: { coverage: input.coverage, ...(input.geo ? { geo: input.geo } : {}) },
  };
  entry.rss.extensions = [
    ...(input.geo
      ? [
          { name: 'georss:point', objects: { _text: xmlJsText(input.geo.point) } },
          { name: 'georss:featureName', objects: { _text: xmlJsText(input.geo.name) } },
        ]
      : []),
    { name: 'dc:coverage', objects: { _text: xmlJsText(input.coverage) } },
  ];
  return entry;
}

/** One page of a feed, as its RSS and Atom documents show it. */
export interface XmlPage {
  title: string;
  description: string;
  /** The page for people (RSS link, Atom alternate link). */
  htmlUrl: string;
  /** Atom feed id: the same on every page of the feed. */
  atomId: string;
  /** When the page last changed; undefined when there is nothing to date it from (no development anywhere). */
  updated?: Date;
  author: { name: string; uri: string };
  /** WebSub hub (current documents only). */
  hub?: string;
  /** The CSS stylesheet's href (xml-stylesheet), relative to the documents. */
  stylesheet: string;
  ttlMinutes: number;
  rss: { self: string; paging: Paging };
  atom: { self: string; paging: Paging };
}

/** An entry on a page, linked to the development on that feed's page for people. */
export interface PageEntry {
  xml: XmlEntry;
  link: string;
}

export function rssDocument(page: XmlPage, entries: readonly PageEntry[]): string {
  const feed = new Feed(feedOptions(page));
  for (const { xml, link } of entries) feed.addItem({ ...xml.rss, link });
  return extendRss(feed.rss2(), page.stylesheet, page.rss.paging, { lastBuildDate: page.updated !== undefined });
}

export function atomDocument(page: XmlPage, entries: readonly PageEntry[]): string {
  const feed = new Feed(feedOptions(page));
  for (const { xml, link } of entries) feed.addItem({ ...xml.atom, link });
  return extendAtom(
    feed.atom1(),
    page.stylesheet,
    page.atom.paging,
    entries.map(({ xml }) => xml.atomExtras),
  );
}

/** The same options serve both formats: each takes its own self link and ignores the other's fields. */
function feedOptions(page: XmlPage): FeedOptions {
  const options: FeedOptions = {
    id: xmlJsText(page.atomId),
    title: xmlJsText(page.title),
    description: xmlJsText(page.description),
    link: page.htmlUrl,
    feedLinks: { rss: page.rss.self, atom: page.atom.self },
    // feed writes "now" without a date: RSS drops the element again (rssDocument), Atom needs one.
    updated: page.updated ?? UNDATED,
    generator: GENERATOR,
    language: 'en',
    ttl: page.ttlMinutes,
    docs: RSS_DOCS,
    author: { name: xmlJsText(page.author.name), link: page.author.uri },
  };
  if (page.hub) options.hub = page.hub;
  return options;
}
