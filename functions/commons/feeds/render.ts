/**
 * Pure feed rendering: events in, files out (no I/O, no clock). The same events give byte-identical
 * files whatever their input order, so the publisher can skip uploads whose bytes did not change,
 * and ETag / Last-Modified stay put for readers.
 *
 * One call renders the whole site (keys relative to `path`; see layout.ts):
 *   the main feed       feed.xml (RSS 2.0)  atom.xml (Atom)  feed.json (JSON Feed 1.1)  index.html
 *   per theatre         feeds/theatre/<ISO>.xml  .atom  .json       theatre/<ISO>.html
 *   per type            feeds/type/<type>.xml  .atom  .json         type/<type>.html
 *   archives of each    archive/<n>/…  and  feeds/<kind>/<value>/archive/<n>.…, <kind>/<value>/archive/<n>.html
 *   per development     developments/<event id>.html, the item link of every feed (development.ts)
 *   feed.css            makes the XML feeds readable when opened in a browser (feed-css.ts)
 * Theatre feeds exist for every theatre with a development; type feeds for every type (an empty
 * one can be subscribed to before its first development).
 *
 * Paging (RFC 5005 "archived feeds"), per feed: the current documents hold the newest `pageSize`
 * events. The older ones are cut into archive pages counted from the OLDEST end: archive 1 holds the
 * oldest `pageSize`, the highest number is the newest (and may be partly filled). New developments
 * therefore change only the current documents and the newest archive; older archive pages keep
 * their URL and content (unless a report about a very old development arrives). Links: the current
 * feed has `prev-archive` to the newest archive; every archive has `current`, `prev-archive`
 * (except archive 1) and `next-archive` (except the newest), and `<fh:archive/>`. JSON Feed pages
 * chain with `next_url` (towards older items).
 *
 * Who sees what: the RSS, Atom and JSON documents carry only the developments whose corroborated
 * confidence (extraction/events.ts) reaches `minConfidence` (threshold.ts); the HTML timelines and the
 * development pages show every development, those below it marked as not in the feeds yet. The two are
 * therefore paged apart: a feed's documents and its timeline page are separate pages of the manifest
 * (`main#0` and `timeline/main#0`), and a development below the threshold changes no byte of a feed.
 *
 * Items: one per development (event id). Its id is `itemId(event id)`, a tag URI, the same string
 * as RSS `guid`, Atom `id` and JSON Feed `id`, in every feed that lists the event, so a reader
 * subscribed to several feeds, in one format or in several, never sees the same development twice
 * as new. Its link is the development's own page, which never moves; later developments of the same
 * truce link to earlier ones (related.ts), and the pages to both.
 *
 * RSS and Atom are written by the `feed` package (rss-atom.ts), and completed by
 * rss-atom-extras.ts with what it cannot write (RFC 5005 paging, GeoRSS in Atom, namespaces); every
 * value is prepared for feed's XML writer, xml-js, which escapes too little by itself (escape.ts).
 * JSON Feed 1.1 is written here (`feed` writes 1.0). HTML fragments are built from fixed tags and
 * `escapeHtml` output (describe.ts).
 */
import { createHash, hash } from 'node:crypto';
import { EVENT_TYPES } from '#schemas/contract.ts';
import type { CeasefireEvent, EventType } from '#schemas/event.ts';
import { mergeAll } from '#commons/store/merge.ts';
import { feedOrderKey } from '#commons/store/order.ts';
import { cleanText, escapeHtml, safeHttpUrl } from './escape.ts';
import { DISPLAY_DIGEST, EVENT_TYPE_LABELS, EVENT_TYPE_PLURALS, countryLabel, countryName } from './display.ts';
import { FEED_TTL_MINUTES } from './polling.ts';
import { DEFAULT_MIN_CONFIDENCE, parseMinConfidence } from './threshold.ts';
import { corroboratedConfidence } from '#commons/extraction/events.ts';
import {
  confidenceFigure,
  coverageText,
  dateRefToDate,
  datelineHtml,
  composeBody,
  eventBodyParts,
  eventCategories,
  eventText,
  externalUrl,
  geoPoint,
  geoRssPoint,
  relatedHtml,
  type BodyParts,
} from './describe.ts';
import { ARTICLE_END, ICON_SVG, articleStart, belowThresholdHtml, renderHtmlPage, type FilterLink, type HtmlPageInput, type NamedFeed } from './html.ts';
import { chartCaption, chartData, chartSvg, type ChartData } from './chart.ts';
import { laterDevelopments, relatedDevelopments } from './related.ts';
import { renderDevelopmentPage, type FollowFeed } from './development.ts';
import { itemUpdates } from './updated.ts';
import { UNDATED, atomDocument, rssDocument, xmlEntry, type XmlEntry, type XmlPage } from './rss-atom.ts';
import type { RelLink } from './rss-atom-extras.ts';
import { FEED_CSS } from './feed-css.ts';
import {
  ICON_KEY,
  MAIN_FEED,
  STYLESHEET_KEY,
  developmentId,
  developmentKey,
  developmentKeyOf,
  feedId,
  feedOf,
  fileKey,
  FEED_FORMATS,
  relativeHref,
  theatreFeed,
  typeFeed,
  type FeedRef,
  type Format,
} from './layout.ts';

export interface RenderOptions {
  /** Public base URL the files are served from, e.g. https://d123.cloudfront.net (no trailing slash needed). */
  baseUrl: string;
  title?: string;
  /** Items per document (current feed and each archive page). Default 100. */
  pageSize?: number;
  /** WebSub hub advertised by the current documents of every feed (RSS/Atom rel="hub", JSON `hubs`). */
  websubHub?: string;
  /** Folder of the site under baseUrl; '' (default) for the root. */
  path?: string;
  /** Render the per-theatre and per-type feeds and pages too. Default true. */
  filtered?: boolean;
  /** RSS <ttl>, in minutes. Default FEED_TTL_MINUTES. */
  ttlMinutes?: number;
  /**
   * The RSS, Atom and JSON documents carry only developments whose corroborated confidence reaches this
   * (0 to 1); the pages show the others marked. Default DEFAULT_MIN_CONFIDENCE (threshold.ts).
   */
  minConfidence?: number;
}

export interface RenderedFile {
  body: string;
  contentType: string;
}

export const DEFAULT_TITLE = 'Ceasefire developments';
export const DEFAULT_PAGE_SIZE = 100;
/**
 * Part of every page fingerprint. Bump it whenever the rendered bytes change for the same events
 * (layout, wording, fields), or publishers holding an old manifest would keep stale pages. The
 * pinned digest test in test/feeds fails to remind you.
 */
export const RENDER_VERSION = '6';

/**
 * RSS and Atom are served as application/xml: browsers style a feed with feed.css only when it comes
 * with an XML type they render (Chromium shows application/rss+xml and application/atom+xml as plain
 * text). Readers go by content (both documents name their format in their first 512 bytes, as the W3C
 * validator asks of a feed served with this generic type), and autodiscovery links use the formats'
 * own types (html.ts DISCOVERY_TYPES).
 */
export const CONTENT_TYPES = {
  rss: 'application/xml; charset=utf-8',
  atom: 'application/xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
} as const;

/** Plain text: readers show a feed's description as it is (no Markdown). */
export const EMPTY_DESCRIPTION =
  'No ceasefire developments yet. To fill this feed, drop news articles into the inbox with the command ' +
  'npx ceasefire-feed drop FILE (a file or a folder), or run npm run demo for sample articles.';
const DESCRIPTION = 'Structured ceasefire developments extracted from news articles: who, where, when, and the evidence.';

const ISO_CODE = /^[A-Z]{2}$/;

/**
 * The id of a development's item in every format and feed: a tag URI (RFC 4151) that ends with the
 * event id. Atom ids must be IRIs, and RSS and JSON Feed carry the same string, so a reader that
 * follows several feeds or formats shows a development once. It names no host, so it survives a
 * move of the site to another address.
 */
export function itemId(eventId: string): string {
  return `tag:ceasefire-feed.dev,2016:event:${eventId}`;
}

// ---------------------------------------------------------------- the plan: feeds, pages, links

/**
 * Who a document is for: `feeds`, the subscribed RSS, Atom and JSON documents, which carry the
 * developments that reach the minimum confidence; `pages`, the HTML timelines and development pages,
 * which show every development.
 */
type Audience = 'feeds' | 'pages';

/** What one audience is shown of the developments, worked out once per render call. */
interface View {
  /** Event id -> its earlier related developments among those this audience sees (related.ts). */
  related: Map<string, CeasefireEvent[]>;
  /** Event id -> when its item last changed (updated.ts), among those. */
  updates: Map<string, number>;
  /** The newest of `updates`; undefined when there are none. */
  latest?: number;
  /** Event id -> its share of a page fingerprint (eventDigest). */
  digests: Map<string, string>;
  /** The digests of what an event shows of its related developments, kept with the event across calls (digestOf). */
  relatedDigests: WeakMap<CeasefireEvent, { text: string; digest: string }>;
}

interface FeedPlan {
  ref: FeedRef;
  id: string;
  title: string;
  /** Short name for lists: "Syria", "agreements". */
  label: string;
  description: string;
  /** Newest first: every development of the feed, as its timeline page lists them. */
  events: CeasefireEvent[];
  /** Newest first: those that reach the minimum confidence, the items of its RSS, Atom and JSON documents. */
  items: CeasefireEvent[];
}

interface Page {
  feed: FeedPlan;
  /** `feeds`: the page's RSS, Atom and JSON documents; `pages`: its HTML timeline page. */
  audience: Audience;
  /** 0 for the current documents, n >= 1 for archive n. */
  number: number;
  /** How many archive pages this audience's documents of the feed have. */
  archives: number;
  events: CeasefireEvent[];
}

interface Site {
  base: string;
  prefix: string;
  title: string;
  hub?: string;
  ttl: number;
  pageSize: number;
  /** The feeds carry developments whose corroborated confidence is at least this (inFeeds). */
  minConfidence: number;
  main: FeedPlan;
  feeds: FeedPlan[];
  views: Record<Audience, View>;
  /** Event id -> the later developments that link to it (shown on its page). */
  later: Map<string, CeasefireEvent[]>;
  /** Per render call: event id -> what the feeds and the pages show of it. */
  items: Map<string, EventRender>;
  /** What every development page depends on besides its development (developmentFingerprint). */
  developmentContext: string;
}

function plan(events: readonly CeasefireEvent[], options: RenderOptions): Site {
  const base = safeHttpUrl(options.baseUrl)?.replace(/\/+$/, '');
  if (!base) throw new Error(`renderFeeds: baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`renderFeeds: pageSize must be a positive integer`);
  const ttl = options.ttlMinutes ?? FEED_TTL_MINUTES;
  if (!Number.isInteger(ttl) || ttl < 1) throw new Error('renderFeeds: ttlMinutes must be a positive integer');
  const minConfidence = parseMinConfidence(options.minConfidence ?? DEFAULT_MIN_CONFIDENCE, 'renderFeeds: minConfidence');
  const cleanPath = (options.path ?? '').replace(/^\/+|\/+$/g, '');
  if (/(^|\/)\.\.?(\/|$)|[?#\\]/.test(cleanPath)) throw new Error(`renderFeeds: bad path ${JSON.stringify(options.path)}`);
  const hub = options.websubHub === undefined ? undefined : safeHttpUrl(options.websubHub);
  if (options.websubHub !== undefined && !hub) throw new Error('renderFeeds: websubHub must be an http(s) URL');
  const title = cleanText(options.title ?? DEFAULT_TITLE);

  const sorted = newestFirst(dedupe(events));
  const feed = (ref: FeedRef, list: CeasefireEvent[], feedTitle: string, label: string, description: string): FeedPlan => ({
    ref,
    id: feedId(ref),
    title: feedTitle,
    label,
    description,
    events: list,
    items: list.filter((e) => inFeeds(e, minConfidence)),
  });
  const main = feed(MAIN_FEED, sorted, title, 'All developments', DESCRIPTION);
  const feeds = [main];
  if (options.filtered ?? true) {
    const byTheatre = new Map<string, CeasefireEvent[]>();
    const byType = new Map<EventType, CeasefireEvent[]>(EVENT_TYPES.map((t) => [t, []]));
    for (const event of sorted) {
      // The schema guarantees an ISO code; should a stored event break it, it gets no theatre feed
      // rather than stopping the whole publication.
      if (!ISO_CODE.test(event.theatre.country)) {
        byType.get(event.type)?.push(event);
        continue;
      }
      const list = byTheatre.get(event.theatre.country);
      if (list) list.push(event);
      else byTheatre.set(event.theatre.country, [event]);
      byType.get(event.type)?.push(event);
    }
    for (const code of [...byTheatre.keys()].sort()) {
      const name = countryName(code);
      feeds.push(
        feed(theatreFeed(code), byTheatre.get(code)!, `${title}: ${name}`, name, `${countryLabel(code)} only. ${DESCRIPTION}`),
      );
    }
    for (const type of EVENT_TYPES) {
      feeds.push(
        feed(
          typeFeed(type),
          byType.get(type)!,
          `${title}: ${EVENT_TYPE_PLURALS[type]}`,
          EVENT_TYPE_LABELS[type],
          `${EVENT_TYPE_PLURALS[type].charAt(0).toUpperCase()}${EVENT_TYPE_PLURALS[type].slice(1)} only. ${DESCRIPTION}`,
        ),
      );
    }
  }
  const pages = viewOf(sorted, pageViewDigests);
  const site: Site = {
    base,
    prefix: cleanPath ? `${cleanPath}/` : '',
    title,
    ttl,
    pageSize,
    minConfidence,
    main,
    feeds,
    views: { feeds: viewOf(main.items, feedViewDigests), pages },
    later: laterDevelopments(pages.related, sorted),
    items: new Map(),
    developmentContext: JSON.stringify([RENDER_VERSION, DISPLAY_DIGEST, base, cleanPath, title, feeds.length > 1, minConfidence]),
  };
  if (hub) site.hub = hub;
  return site;
}

const feedViewDigests = new WeakMap<CeasefireEvent, { text: string; digest: string }>();
const pageViewDigests = new WeakMap<CeasefireEvent, { text: string; digest: string }>();

/** What an audience that sees `events` (newest first) is shown of them. */
function viewOf(events: CeasefireEvent[], relatedDigests: View['relatedDigests']): View {
  const updates = itemUpdates(events);
  let latest: number | undefined;
  for (const at of updates.values()) if (latest === undefined || at > latest) latest = at;
  const view: View = { related: relatedDevelopments(events), updates, digests: new Map(), relatedDigests };
  if (latest !== undefined) view.latest = latest;
  return view;
}

/** corroboratedConfidence, kept with the event (events are immutable once read; see contentDigest). */
function corroboratedConfidenceOf(event: CeasefireEvent): number {
  let value = corroborated.get(event);
  if (value === undefined) corroborated.set(event, (value = corroboratedConfidence(event)));
  return value;
}
const corroborated = new WeakMap<CeasefireEvent, number>();

/** Does the development's corroborated confidence reach the feeds' minimum? */
function inFeeds(event: CeasefireEvent, minConfidence: number): boolean {
  return corroboratedConfidenceOf(event) >= minConfidence;
}

function newestFirst(events: CeasefireEvent[]): CeasefireEvent[] {
  const keyed = events.map((event) => ({ key: feedOrderKey(event), event }));
  keyed.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  return keyed.map((k) => k.event);
}

/** One event per id; reports of the same id are merged (order-independent). */
function dedupe(events: readonly CeasefireEvent[]): CeasefireEvent[] {
  const byId = new Map<string, CeasefireEvent[]>();
  for (const e of events) {
    const group = byId.get(e.id);
    if (group) group.push(e);
    else byId.set(e.id, [e]);
  }
  return [...byId.values()].map((group) => (group.length === 1 ? group[0]! : mergeAll(group)));
}

/**
 * A feed's pages in layout order: for n = 0, 1, …, the documents of page n (if the feed's items fill
 * that many) and its timeline page n (if its developments do). The timeline may have more pages than
 * the documents: it also lists the developments below the minimum confidence.
 */
function pagesOf(feed: FeedPlan, pageSize: number): Page[] {
  const documents = paged(feed, 'feeds', feed.items, pageSize);
  const timeline = paged(feed, 'pages', feed.events, pageSize);
  const pages: Page[] = [];
  for (let n = 0; n < timeline.length || n < documents.length; n++) {
    if (documents[n]) pages.push(documents[n]!);
    if (timeline[n]) pages.push(timeline[n]!);
  }
  return pages;
}

/** The current page holds the newest `pageSize` events; archives are counted from the oldest end. */
function paged(feed: FeedPlan, audience: Audience, events: CeasefireEvent[], pageSize: number): Page[] {
  const archives = Math.max(0, Math.ceil((events.length - pageSize) / pageSize));
  const pages: Page[] = [{ feed, audience, number: 0, archives, events: events.slice(0, pageSize) }];
  const older = events.slice(pageSize).reverse(); // oldest first
  for (let n = 1; n <= archives; n++) {
    pages.push({ feed, audience, number: n, archives, events: older.slice((n - 1) * pageSize, n * pageSize).reverse() });
  }
  return pages;
}

// ---------------------------------------------------------------- URLs

function absolute(site: Site, key: string): string {
  return `${site.base}/${site.prefix}${key}`;
}
/** The human page of a feed page; the main page is served at the folder URL. */
function htmlUrl(site: Site, feed: FeedRef, page: number): string {
  return feed.kind === 'main' && page === 0 ? `${site.base}/${site.prefix}` : absolute(site, fileKey(feed, page, 'html'));
}
/** The item link: the development's page (the timeline for a broken stored event, which has none). */
function itemUrl(site: Site, eventId: string): string {
  const key = developmentKey(eventId);
  return key ? absolute(site, key) : htmlUrl(site, MAIN_FEED, 0);
}
/** The same, relative to the document at `fromKey`. */
function itemHref(fromKey: string, eventId: string): string {
  return relativeHref(fromKey, developmentKey(eventId) ?? fileKey(MAIN_FEED, 0, 'html'));
}

/** The page of the next older events (the newest archive from the current page), if any. */
function olderPage(page: Page): number | undefined {
  const n = page.number === 0 ? page.archives : page.number - 1;
  return n > 0 ? n : undefined;
}
/** The page of the next newer events (the current page from the newest archive), if any. */
function newerPage(page: Page): number | undefined {
  if (page.number === 0) return undefined;
  return page.number === page.archives ? 0 : page.number + 1;
}

function archiveLinks(site: Site, page: Page, format: Format): RelLink[] {
  const { feed } = page;
  const links: RelLink[] = [];
  const at = (n: number) => absolute(site, fileKey(feed.ref, n, format));
  if (page.number === 0) {
    if (page.archives > 0) links.push({ rel: 'prev-archive', href: at(page.archives) });
    return links;
  }
  links.push({ rel: 'current', href: at(0) });
  if (page.number > 1) links.push({ rel: 'prev-archive', href: at(page.number - 1) });
  if (page.number < page.archives) links.push({ rel: 'next-archive', href: at(page.number + 1) });
  return links;
}

/** Archive titles do not mention the archive count, so adding an archive leaves older pages unchanged. */
function pageTitle(page: Page): string {
  return page.number === 0 ? page.feed.title : `${page.feed.title} (archive ${page.number})`;
}

/**
 * What a page says it holds. The documents of a feed also say which developments they carry; empty
 * ones say why: nothing reported yet, or nothing that reaches the minimum confidence yet (then the
 * timeline page shows what there is).
 */
function pageDescription(site: Site, page: Page): string {
  const { feed } = page;
  const documents = page.audience === 'feeds';
  if (page.events.length) return documents && site.minConfidence > 0 ? `${feed.description} ${thresholdNote(site)}` : feed.description;
  if (documents && feed.events.length) {
    return (
      `No development here has reached the confidence of ${confidenceFigure(site.minConfidence)} that this feed requires yet. ` +
      `Those reported so far are on its page, ${htmlUrl(site, feed.ref, 0)}, marked; each joins this feed when another outlet ` +
      'reports it or a re-extraction raises its confidence.'
    );
  }
  if (feed.ref.kind === 'type') {
    return `No ${EVENT_TYPE_PLURALS[feed.ref.value as EventType] ?? feed.ref.value} yet. This feed fills as they are reported.`;
  }
  return EMPTY_DESCRIPTION;
}

function thresholdNote(site: Site): string {
  return (
    `It carries the developments whose confidence reaches ${confidenceFigure(site.minConfidence)} (of 1); those below it are ` +
    'on its web page, marked, until another outlet reports them.'
  );
}

/** When the newest of these items last changed; undefined for none. */
function latestUpdate(view: View, events: readonly CeasefireEvent[]): number | undefined {
  let latest: number | undefined;
  for (const e of events) {
    const at = itemUpdated(view, e).getTime();
    if (latest === undefined || at > latest) latest = at;
  }
  return latest;
}

/** When an item last changed (updated.ts); the epoch for a stored event whose updatedAt cannot be read. */
function itemUpdated(view: View, event: CeasefireEvent): Date {
  return new Date(view.updates.get(event.id) ?? UNDATED.getTime());
}

/**
 * When the page last changed, from the data, never the clock: when its newest item did. An empty page
 * (a type feed before its first development) takes the newest item its audience sees anywhere, when
 * the site was last updated for it; undefined when there is none at all (see rss-atom.ts for what RSS
 * and Atom say then). So a development below the minimum confidence dates no feed document.
 */
function pageUpdated(site: Site, page: Page): Date | undefined {
  const view = site.views[page.audience];
  const latest = page.events.length ? latestUpdate(view, page.events) : view.latest;
  return latest === undefined ? undefined : new Date(latest);
}

// ---------------------------------------------------------------- fingerprints and incremental builds

/**
 * The event's share of a page fingerprint for an audience: its data, its corroborated confidence (the
 * data read through extraction's weights: shown, and deciding where it is listed), and what it shows of
 * the related developments that audience sees (their headline, type and date; its links go to their
 * pages, which never move).
 */
function eventDigest(site: Site, audience: Audience, event: CeasefireEvent): string {
  const view = site.views[audience];
  let digest = view.digests.get(event.id);
  if (digest === undefined) {
    digest = `${contentDigest(event)} ${corroboratedConfidenceOf(event)}`;
    const related = view.related.get(event.id);
    if (related) {
      let shown = digest;
      for (const r of related) shown += `\n${shownDigest(r)}`;
      digest = digestOf(view.relatedDigests, event, shown);
    }
    view.digests.set(event.id, digest);
  }
  return digest;
}

/** What a link to a development shows of it: id (hex), type (enum) and date (digits) are unambiguous; the headline goes last, quoted. */
function shownDigest(event: CeasefireEvent): string {
  let shown = shownDigests.get(event);
  if (shown === undefined) {
    shown = `${event.id} ${event.type} ${event.occurred.date} ${JSON.stringify(event.headline)}`;
    shownDigests.set(event, shown);
  }
  return shown;
}
const shownDigests = new WeakMap<CeasefireEvent, string>();

/**
 * Events are immutable once read, and a publisher that keeps them between rebuilds passes the same
 * objects again (pipeline/feed-events.ts), so their digests are kept with them rather than recomputed
 * over every event at every rebuild.
 */
const contentDigests = new WeakMap<CeasefireEvent, string>();
function contentDigest(event: CeasefireEvent): string {
  let digest = contentDigests.get(event);
  if (digest === undefined) {
    digest = sha256(JSON.stringify(event));
    contentDigests.set(event, digest);
  }
  return digest;
}

/**
 * sha256 of `text`, which is about `event`, remembered with the event: at the next rebuild the same
 * event object (pipeline/feed-events.ts) usually brings the same text, and comparing it costs less
 * than hashing it again (10,000 development pages are fingerprinted at every rebuild).
 */
function digestOf(cache: WeakMap<CeasefireEvent, { text: string; digest: string }>, event: CeasefireEvent, text: string): string {
  const known = cache.get(event);
  if (known?.text === text) return known.digest;
  const digest = sha256(text);
  cache.set(event, { text, digest });
  return digest;
}

function sha256(data: string): string {
  return hash('sha256', data, 'base64url');
}

/** Extras of a current timeline page: the chart, and on the main page the filters and the list of feeds. */
function pageExtras(site: Site, page: Page): { chart?: ChartData; nav?: unknown } {
  if (page.number !== 0 || page.audience !== 'pages') return {};
  const chart = chartData(page.feed.events);
  const extras: { chart?: ChartData; nav?: unknown } = chart ? { chart } : {};
  if (page.feed.ref.kind === 'main' && site.feeds.length > 1) {
    extras.nav = site.feeds.slice(1).map((f) => [f.id, f.title, f.events.length]);
  }
  return extras;
}

/** Everything a page's bytes depend on, hashed: same fingerprint, same files. */
function pageFingerprint(site: Site, page: Page, extras: ReturnType<typeof pageExtras>): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify([
      RENDER_VERSION,
      // Names and colours come from data: a change there re-renders what it changes.
      DISPLAY_DIGEST,
      site.base,
      site.prefix,
      site.title,
      site.hub ?? null,
      site.ttl,
      site.minConfidence,
      page.audience,
      page.feed.id,
      page.feed.title,
      page.number,
      olderPage(page) ?? null,
      newerPage(page) ?? null,
      // An empty page is dated from the newest item its audience sees (pageUpdated); empty documents say
      // whether the feed's timeline has developments below the minimum (pageDescription).
      page.events.length ? null : [site.views[page.audience].latest ?? null, page.feed.events.length > 0],
      extras,
    ]),
  );
  // An item's time may depend on another's (updated.ts), so it is hashed too.
  const view = site.views[page.audience];
  for (const event of page.events) hash.update(`${eventDigest(site, page.audience, event)} ${itemUpdated(view, event).getTime()}`);
  return hash.digest('base64url');
}

/** A feed's documents are `<feed id>#<n>` ('main#0', 'theatre/SY#2'); its timeline pages `timeline/<feed id>#<n>`. */
const TIMELINE = 'timeline/';

function manifestId(page: Page): string {
  return `${page.audience === 'pages' ? TIMELINE : ''}${page.feed.id}#${page.number}`;
}

/**
 * The keys of the files behind a manifest id; [] for ids not from this version. `earlier` adds what the
 * id named in earlier versions, for pages that disappeared: up to RENDER_VERSION 5, a feed's page id
 * named its HTML page as well as its documents.
 */
function keysOfManifestId(site: Site, id: string, earlier = false): string[] {
  // The stylesheet of this version, or of an older one (feed.xsl), which goes with it.
  if (STATIC_FILE.test(id)) return [site.prefix + id.slice('static/'.length)];
  const development = developmentKeyOf(id);
  if (development) return [site.prefix + development];
  const timeline = id.startsWith(TIMELINE);
  const pageId = timeline ? id.slice(TIMELINE.length) : id;
  const hashAt = pageId.lastIndexOf('#');
  const feed = hashAt > 0 ? feedOf(pageId.slice(0, hashAt)) : undefined;
  const number = Number(pageId.slice(hashAt + 1));
  if (!feed || !Number.isInteger(number) || number < 0) return [];
  const formats: readonly Format[] = timeline ? ['html'] : earlier ? [...FEED_FORMATS, 'html'] : FEED_FORMATS;
  return formats.map((format) => site.prefix + fileKey(feed, number, format));
}

/** The keys of the files of pages in `previous` that `manifest` no longer has, except files it still has. */
function removedKeys(site: Site, previous: PageManifest, manifest: PageManifest): string[] {
  const gone = Object.keys(previous)
    .filter((id) => !(id in manifest))
    .sort();
  if (!gone.length) return [];
  const kept = new Set(Object.keys(manifest).flatMap((id) => keysOfManifestId(site, id)));
  return [...new Set(gone.flatMap((id) => keysOfManifestId(site, id, true)))].filter((key) => !kept.has(key));
}

/**
 * Files that depend on no development, by key: the stylesheet of the XML feeds, and the icon browsers
 * ask for at /favicon.ico when they show a feed (an XML document cannot name one; the pages name an
 * inline one). SVG: browsers go by its content type. Manifest ids 'static/<key>'.
 */
const STATIC_FILES: ReadonlyMap<string, RenderedFile> = new Map([
  [STYLESHEET_KEY, { body: FEED_CSS, contentType: CONTENT_TYPES.css }],
  [ICON_KEY, { body: ICON_SVG, contentType: CONTENT_TYPES.svg }],
]);
const STATIC_FILE = /^static\/[a-z]+\.[a-z]+$/;
const staticFingerprint = (file: RenderedFile) => sha256(`${RENDER_VERSION}\n${file.contentType}\n${file.body}`);

/**
 * A memo of rendered pages across calls (a warm publish Lambda, the local runtime). With it, a
 * rebuild re-renders only the pages whose events changed, typically the current pages and the
 * newest archives of the feeds the new development is in. The output is byte-identical with or
 * without a cache. It keeps only the pages used by the latest call.
 */
export class RenderCache {
  readonly #pages = new Map<string, Map<string, RenderedFile>>();
  get(fingerprint: string): Map<string, RenderedFile> | undefined {
    return this.#pages.get(fingerprint);
  }
  set(fingerprint: string, files: Map<string, RenderedFile>): void {
    this.#pages.set(fingerprint, files);
  }
  retain(used: ReadonlySet<string>): void {
    for (const key of this.#pages.keys()) if (!used.has(key)) this.#pages.delete(key);
  }
  get size(): number {
    return this.#pages.size;
  }
}

/** Every file of the site, keyed by object key (relative to the bucket root, i.e. including `path`). */
export function renderFeeds(
  events: readonly CeasefireEvent[],
  options: RenderOptions,
  cache?: RenderCache,
): Map<string, RenderedFile> {
  const site = plan(events, options);
  const used = new Set<string>();
  const pages = site.feeds.flatMap((feed) => pagesOf(feed, site.pageSize)).map((page) => ({ page, extras: pageExtras(site, page) }));
  const byPage = new Map<Page, Map<string, RenderedFile>>();
  for (const { page, extras } of renderOrder(site, pages)) {
    const fingerprint = cache ? pageFingerprint(site, page, extras) : '';
    let rendered = cache?.get(fingerprint);
    if (!rendered) {
      rendered = renderPage(site, page, extras);
      cache?.set(fingerprint, rendered);
    }
    used.add(fingerprint);
    byPage.set(page, rendered);
  }
  // Keys in layout order (feed by feed, page by page), whatever order the pages were rendered in.
  const files = new Map<string, RenderedFile>();
  for (const { page } of pages) for (const [key, content] of byPage.get(page)!) files.set(key, content);
  for (const event of developments(site)) files.set(...renderDevelopment(site, event));
  for (const [key, file] of STATIC_FILES) files.set(site.prefix + key, file);
  cache?.retain(used);
  return files;
}

/**
 * Page id ('main#0', 'timeline/main#0', 'theatre/SY#2', 'timeline/type/agreement#0', 'development/<event id>',
 * 'static/feed.css') -> fingerprint of everything its bytes depend on.
 */
export type PageManifest = Record<string, string>;

export interface IncrementalRender {
  /** Files of the pages whose fingerprint differs from the previous manifest (all files without one). */
  files: Map<string, RenderedFile>;
  /** Store this and pass it to the next call. */
  manifest: PageManifest;
  /** Keys of files of pages that existed before and no longer do (to delete, or to leave). */
  removed: string[];
}

/** The files of one page (or of the stylesheet), keyed by object key. */
export interface RenderedPage {
  /** Manifest id: 'main#0', 'timeline/main#0', 'theatre/SY#2', 'development/<event id>', 'static/feed.css'. */
  id: string;
  files: Map<string, RenderedFile>;
}

export interface ChangedSite {
  /** Store this and pass it to the next call. */
  manifest: PageManifest;
  /** Keys of files of pages that existed before and no longer do (to delete, or to leave). */
  removed: string[];
  /** Manifest ids of the pages whose fingerprint differs from the previous manifest (all without one). */
  changed: string[];
  /** Developments below the minimum confidence: on the pages, not in the feeds. */
  belowThreshold: number;
  /**
   * Renders the changed pages one at a time, on demand: write a page's files and let them go before
   * asking for the next, and a full rebuild of 10,000 developments never holds every file in memory.
   * Each call starts over; the bytes are the same as `renderFeeds` gives for those pages.
   */
  pages(): IterableIterator<RenderedPage>;
}

/**
 * Fingerprints every page and tells which changed since `previous` (the manifest the publisher kept
 * from the last build), without rendering anything yet. Fingerprinting 10,000 events costs far less
 * than rendering them, and a new development changes only the current page and newest archives of the
 * main feed, of its theatre feed and of its type feed, its own page and the pages of the few
 * developments it links back to.
 */
export function planChangedFeeds(events: readonly CeasefireEvent[], options: RenderOptions, previous: PageManifest = {}): ChangedSite {
  const site = plan(events, options);
  const manifest: PageManifest = {};
  const changed: { id: string; page: Page; extras: ReturnType<typeof pageExtras> }[] = [];
  for (const feed of site.feeds) {
    for (const page of pagesOf(feed, site.pageSize)) {
      const extras = pageExtras(site, page);
      const id = manifestId(page);
      manifest[id] = pageFingerprint(site, page, extras);
      if (previous[id] !== manifest[id]) changed.push({ id, page, extras });
    }
  }
  const changedDevelopments: CeasefireEvent[] = [];
  for (const event of developments(site)) {
    const id = developmentId(event.id);
    manifest[id] = developmentFingerprint(site, event);
    if (previous[id] !== manifest[id]) changedDevelopments.push(event);
  }
  const changedStatic: string[] = [];
  for (const [key, file] of STATIC_FILES) {
    const id = `static/${key}`;
    manifest[id] = staticFingerprint(file);
    if (previous[id] !== manifest[id]) changedStatic.push(key);
  }
  const removed = removedKeys(site, previous, manifest);
  return {
    manifest,
    removed,
    belowThreshold: site.main.events.length - site.main.items.length,
    changed: [...changed.map((c) => c.id), ...changedDevelopments.map((e) => developmentId(e.id)), ...changedStatic.map((key) => `static/${key}`)],
    *pages() {
      for (const { id, page, extras } of renderOrder(site, changed)) yield { id, files: renderPage(site, page, extras) };
      for (const event of changedDevelopments) yield { id: developmentId(event.id), files: new Map([renderDevelopment(site, event)]) };
      for (const key of changedStatic) yield { id: `static/${key}`, files: new Map([[site.prefix + key, STATIC_FILES.get(key)!]]) };
    },
  };
}

/**
 * The pages in the order that keeps memory low, and what each needs: newest first across all feeds
 * (a development's pages in the main, theatre and type feeds then come close together), dropping an
 * event's shared item from the per-call cache after the last page that lists it. The order changes
 * no byte of any file.
 */
function* renderOrder<T extends { page: Page }>(site: Site, pages: readonly T[]): Generator<T> {
  const uses = new Map<string, number>();
  for (const { page } of pages) for (const e of page.events) uses.set(e.id, (uses.get(e.id) ?? 0) + 1);
  const newest = (page: Page) => (page.events[0] ? feedOrderKey(page.events[0]) : '~');
  const ordered = pages.map((p) => ({ p, key: newest(p.page) })).sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  for (const { p } of ordered) {
    yield p;
    for (const e of p.page.events) {
      const left = uses.get(e.id)! - 1;
      if (left > 0) uses.set(e.id, left);
      else {
        uses.delete(e.id);
        site.items.delete(e.id);
      }
    }
  }
}

/**
 * Like `renderFeeds`, but renders only the pages that changed since `previous`, all at once (see
 * `planChangedFeeds` to write them page by page). The files are byte-identical to `renderFeeds`'
 * files for those pages.
 */
export function renderChangedFeeds(
  events: readonly CeasefireEvent[],
  options: RenderOptions,
  previous: PageManifest = {},
): IncrementalRender {
  const site = planChangedFeeds(events, options, previous);
  const byId = new Map<string, Map<string, RenderedFile>>();
  for (const page of site.pages()) byId.set(page.id, page.files);
  // Keys in layout order (feed by feed, page by page), as renderFeeds gives them.
  const files = new Map<string, RenderedFile>();
  for (const id of site.changed) for (const [key, file] of byId.get(id)!) files.set(key, file);
  return { files, manifest: site.manifest, removed: site.removed };
}

export interface FeedListing {
  /** 'main', 'theatre/SY', 'type/agreement' */
  id: string;
  title: string;
  /** Number of developments the feed carries (its page may show more, below the minimum confidence). */
  count: number;
  urls: { rss: string; atom: string; json: string; html: string };
}

/** The feeds a render of these events publishes, with their public URLs (for logs, the CLI and docs). */
export function listFeeds(events: readonly CeasefireEvent[], options: RenderOptions): FeedListing[] {
  const site = plan(events, options);
  return site.feeds.map((feed) => ({
    id: feed.id,
    title: feed.title,
    count: feed.items.length,
    urls: {
      rss: absolute(site, fileKey(feed.ref, 0, 'rss')),
      atom: absolute(site, fileKey(feed.ref, 0, 'atom')),
      json: absolute(site, fileKey(feed.ref, 0, 'json')),
      html: htmlUrl(site, feed.ref, 0),
    },
  }));
}

// ---------------------------------------------------------------- rendering one page

/**
 * What the feeds and the pages show of one development, built once per render call and only as
 * needed: the main feed, its theatre feed and its type feed list the same item (its link is the
 * development's page), and their timelines the same entry.
 */
interface EventRender {
  /** Summary, facts, evidence and sources, for both. */
  body?: BodyParts;
  /** In the feeds. */
  item?: FeedItem;
  /** On the timelines. */
  entry?: TimelineEntry;
}

interface FeedItem {
  /** The RSS and Atom item, prepared for the `feed` package. */
  xml: XmlEntry;
  /** The item link: the development's page. */
  link: string;
  /** The JSON Feed item, as JSON object text. */
  json: string;
}

interface TimelineEntry {
  /** The entry's body, between its heading, date line and mark and its related links (evidence collapsible). */
  htmlBody: string;
  related: readonly CeasefireEvent[];
}

function eventRender(site: Site, event: CeasefireEvent): EventRender {
  let render = site.items.get(event.id);
  if (!render) site.items.set(event.id, (render = {}));
  return render;
}

function bodyOf(site: Site, event: CeasefireEvent): BodyParts {
  const render = eventRender(site, event);
  return (render.body ??= eventBodyParts(event, corroboratedConfidenceOf(event)));
}

function feedItem(site: Site, event: CeasefireEvent): FeedItem {
  const render = eventRender(site, event);
  if (render.item) return render.item;
  const view = site.views.feeds;
  const related = (view.related.get(event.id) ?? []).map((earlier) => ({ event: earlier, href: itemUrl(site, earlier.id) }));
  const contentHtml = [datelineHtml(event), composeBody(bodyOf(site, event), false), relatedHtml(event, related)].filter(Boolean).join('\n');
  const categories = eventCategories(event);
  const point = geoPoint(event);
  const published = dateRefToDate(event.occurred);
  const updated = itemUpdated(view, event);
  const link = itemUrl(site, event.id);

  const xml = xmlEntry({
    id: itemId(event.id),
    headline: event.headline,
    summary: event.summary,
    contentHtml,
    published,
    updated,
    categories,
    coverage: coverageText(event),
    ...(point ? { geo: { point: geoRssPoint(point), name: point.name } } : {}),
  });

  const item: Record<string, unknown> = { id: itemId(event.id), url: link };
  const external = externalUrl(event);
  if (external) item.external_url = external;
  item.title = cleanText(event.headline);
  item.summary = cleanText(event.summary);
  item.content_html = contentHtml;
  item.content_text = eventText(event, related);
  item.date_published = published.toISOString();
  item.date_modified = updated.toISOString();
  item.tags = categories.map((c) => c.term);
  const extensions: Record<string, unknown> = {};
  if (related.length) {
    extensions._ceasefire_related = related.map((r) => ({
      id: itemId(r.event.id),
      type: r.event.type,
      headline: cleanText(r.event.headline),
      date: r.event.occurred.date,
      url: r.href,
    }));
  }
  if (point) extensions._ceasefire_geo = { lat: point.lat, lon: point.lon, name: cleanText(point.name), basis: point.basis };
  // `_ceasefire.confidence` is the strongest single report's; the feeds go by this one (docs/feeds.md).
  extensions._ceasefire_confidence = { corroborated: corroboratedConfidenceOf(event), feed_minimum: site.minConfidence };
  const more = JSON.stringify(extensions).slice(1, -1);
  const json = `${JSON.stringify(item).slice(0, -1)},"_ceasefire":${JSON.stringify(event)}${more ? `,${more}` : ''}}`;

  return (render.item = { xml, link, json });
}

function timelineEntry(site: Site, event: CeasefireEvent): TimelineEntry {
  const render = eventRender(site, event);
  return (render.entry ??= { htmlBody: composeBody(bodyOf(site, event), true), related: site.views.pages.related.get(event.id) ?? [] });
}

/** The files of one page: a feed's three documents, or its timeline page, keyed by object key. */
function renderPage(site: Site, page: Page, extras: ReturnType<typeof pageExtras>): Map<string, RenderedFile> {
  const key = (format: Format) => site.prefix + fileKey(page.feed.ref, page.number, format);
  if (page.audience === 'pages') {
    return new Map([[key('html'), { body: renderHtmlPage(htmlInput(site, page, extras)), contentType: CONTENT_TYPES.html }]]);
  }
  const items = page.events.map((event) => feedItem(site, event));
  const xml = xmlPage(site, page);
  return new Map<string, RenderedFile>([
    [key('rss'), { body: rssDocument(xml, items), contentType: CONTENT_TYPES.rss }],
    [key('atom'), { body: atomDocument(xml, items), contentType: CONTENT_TYPES.atom }],
    [key('json'), { body: renderJson(site, page, items), contentType: CONTENT_TYPES.json }],
  ]);
}

/** A timeline page's entries: heading, date line, the mark of a development not in the feeds, body, related links. */
function timelineItems(site: Site, page: Page, htmlKey: string): string[] {
  return page.events.map((event) => {
    const { htmlBody, related } = timelineEntry(site, event);
    const href = itemHref(htmlKey, event.id);
    const parts = [articleStart(event, href)];
    if (!inFeeds(event, site.minConfidence)) parts.push(belowThresholdHtml(corroboratedConfidenceOf(event), site.minConfidence, `${href}#confidence`));
    parts.push(htmlBody);
    if (related.length) parts.push(relatedHtml(event, related.map((earlier) => ({ event: earlier, href: itemHref(htmlKey, earlier.id) }))));
    parts.push(ARTICLE_END);
    return parts.join('\n');
  });
}

function namedFeed(feed: FeedPlan, fromKey: string): NamedFeed {
  const href = (format: Format) => relativeHref(fromKey, fileKey(feed.ref, 0, format));
  return { title: feed.title, label: feed.label, hrefs: { rss: href('rss'), atom: href('atom'), json: href('json') } };
}

function htmlInput(site: Site, page: Page, extras: ReturnType<typeof pageExtras>): HtmlPageInput {
  const { feed } = page;
  const htmlKey = fileKey(feed.ref, page.number, 'html');
  const rel = (ref: FeedRef, n: number) => relativeHref(htmlKey, fileKey(ref, n, 'html'));
  const input: HtmlPageInput = {
    title: pageTitle(page),
    // The page's own empty state says what is missing (DEFAULT_EMPTY, emptyHtml), so the header always
    // says what the feed is.
    description: feed.description,
    items: timelineItems(site, page, htmlKey),
    feed: namedFeed(feed, htmlKey),
  };
  const below = page.events.filter((event) => !inFeeds(event, site.minConfidence)).length;
  if (below) {
    input.note =
      `${below === 1 ? 'One development' : `${below} developments`} on this page ${below === 1 ? 'is' : 'are'} below the feeds' ` +
      `confidence threshold of ${confidenceFigure(site.minConfidence)}, marked: shown here, not yet in the RSS, Atom and JSON feeds.`;
  }
  const updated = pageUpdated(site, page);
  if (updated) input.updated = updated.toISOString();
  const older = olderPage(page);
  const newer = newerPage(page);
  if (older !== undefined) input.older = rel(feed.ref, older);
  if (newer !== undefined) input.newer = rel(feed.ref, newer);
  if (feed.ref.kind !== 'main' || page.number > 0) input.home = rel(MAIN_FEED, 0);
  if (feed.ref.kind !== 'main') input.otherFeeds = [namedFeed(site.main, htmlKey)];
  if (feed.ref.kind === 'type' && page.events.length === 0) {
    input.emptyHtml = `<div class="empty"><p>${escapeHtml(pageDescription(site, page))}</p></div>`;
  }
  if (extras.chart) {
    const svg = chartSvg(extras.chart, `${pageTitle(page)}: developments over time by theatre`, (theatre) =>
      site.feeds.length > 1 && ISO_CODE.test(theatre) ? rel(theatreFeed(theatre), 0) : undefined,
    );
    input.chart = { svg, caption: chartCaption(extras.chart) };
  }
  if (feed.ref.kind === 'main' && page.number === 0 && site.feeds.length > 1) {
    const filtered = site.feeds.slice(1);
    input.otherFeeds = filtered.map((f) => namedFeed(f, htmlKey));
    const link = (f: FeedPlan): FilterLink => ({ label: f.label, href: rel(f.ref, 0), count: f.events.length });
    input.filters = {
      all: { label: 'All', href: rel(MAIN_FEED, 0), count: feed.events.length, current: true },
      theatres: filtered
        .filter((f) => f.ref.kind === 'theatre')
        .sort((a, b) => b.events.length - a.events.length || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
        .map(link),
      types: filtered.filter((f) => f.ref.kind === 'type' && f.events.length > 0).map(link),
    };
  }
  return input;
}

// ---------------------------------------------------------------- a development's own page (development.ts)

/** Every development that has a page (all but a broken stored event), newest first. */
function developments(site: Site): CeasefireEvent[] {
  return site.main.events.filter((e) => developmentKey(e.id) !== undefined);
}

/**
 * Everything a development page's bytes depend on, hashed: the event, what it shows of the earlier
 * and later developments it links to, and the site. Its place in the feeds' pages does not matter,
 * so a new development re-renders only its own page and those of the few it links back to.
 */
function developmentFingerprint(site: Site, event: CeasefireEvent): string {
  let shown = `${site.developmentContext}\n${eventDigest(site, 'pages', event)}`;
  for (const later of site.later.get(event.id) ?? []) shown += `\n${shownDigest(later)}`;
  return digestOf(developmentDigests, event, shown);
}
const developmentDigests = new WeakMap<CeasefireEvent, { text: string; digest: string }>();

/** A development's page: its key (with the site's folder) and file. */
function renderDevelopment(site: Site, event: CeasefireEvent): [string, RenderedFile] {
  const key = developmentKey(event.id)!;
  const follow = (id: string): FollowFeed | undefined => {
    const feed = site.feeds.find((f) => f.id === id);
    return feed && { ...namedFeed(feed, key), page: relativeHref(key, fileKey(feed.ref, 0, 'html')) };
  };
  const linked = (events: readonly CeasefireEvent[] | undefined) => (events ?? []).map((e) => ({ event: e, href: itemHref(key, e.id) }));
  const theatre = follow(`theatre/${event.theatre.country}`);
  const type = follow(`type/${event.type}`);
  const body = renderDevelopmentPage({
    event,
    itemId: itemId(event.id),
    url: absolute(site, key),
    siteTitle: site.title,
    home: relativeHref(key, fileKey(MAIN_FEED, 0, 'html')),
    main: follow(site.main.id)!,
    ...(theatre ? { theatre } : {}),
    ...(type ? { type } : {}),
    confidence: { corroborated: corroboratedConfidenceOf(event), minimum: site.minConfidence },
    earlier: linked(site.views.pages.related.get(event.id)),
    later: linked(site.later.get(event.id)),
  });
  return [site.prefix + key, { body, contentType: CONTENT_TYPES.html }];
}

// ---------------------------------------------------------------- RSS 2.0 and Atom 1.0 (rss-atom.ts)

function xmlPage(site: Site, page: Page): XmlPage {
  const { feed } = page;
  const at = (format: Format) => absolute(site, fileKey(feed.ref, page.number, format));
  const archived = page.number > 0;
  const xml: XmlPage = {
    title: pageTitle(page),
    description: pageDescription(site, page),
    // The feed's timeline: its archive pages list other developments than the documents' (pagesOf).
    htmlUrl: htmlUrl(site, feed.ref, 0),
    atomId: absolute(site, fileKey(feed.ref, 0, 'atom')),
    author: { name: site.title, uri: `${site.base}/` },
    // feed.xml and atom.xml (SY.xml and SY.atom, …) share a folder: one href serves both.
    stylesheet: relativeHref(fileKey(feed.ref, page.number, 'rss'), STYLESHEET_KEY),
    ttlMinutes: site.ttl,
    rss: { self: at('rss'), paging: { links: archiveLinks(site, page, 'rss'), archived } },
    atom: { self: at('atom'), paging: { links: archiveLinks(site, page, 'atom'), archived } },
  };
  const updated = pageUpdated(site, page);
  if (updated) xml.updated = updated;
  if (page.number === 0 && site.hub) xml.hub = site.hub;
  return xml;
}

// ---------------------------------------------------------------- JSON Feed 1.1 (plain object)

function renderJson(site: Site, page: Page, items: readonly FeedItem[]): string {
  const timeline = htmlUrl(site, page.feed.ref, 0);
  const doc: Record<string, unknown> = {
    version: 'https://jsonfeed.org/version/1.1',
    title: pageTitle(page),
    home_page_url: timeline,
    feed_url: absolute(site, fileKey(page.feed.ref, page.number, 'json')),
    description: pageDescription(site, page),
    // JSON Feed's note for a person who opens the feed in a browser; readers ignore it.
    user_comment:
      'This is a JSON Feed (https://jsonfeed.org/) of ceasefire developments, for feed readers and programs. To subscribe, ' +
      'paste its address into a feed reader that reads JSON Feed, or subscribe to the same feed as RSS ' +
      `(${absolute(site, fileKey(page.feed.ref, page.number, 'rss'))}) or Atom (${absolute(site, fileKey(page.feed.ref, page.number, 'atom'))}). ` +
      `To read the developments in a browser, open ${timeline}`,
    authors: [{ name: site.title, url: `${site.base}/` }],
    language: 'en',
  };
  const older = olderPage(page);
  if (older !== undefined) doc.next_url = absolute(site, fileKey(page.feed.ref, older, 'json'));
  if (page.number === 0 && site.hub) doc.hubs = [{ type: 'WebSub', url: site.hub }];
  // Items are JSON object texts, serialised once per render call (every feed that lists a development
  // shows the same item), joined into the document. Every piece is JSON.stringify output.
  const head = JSON.stringify(doc);
  // Compact: feed.json of 100 items is large and machine-read; indentation would add about a third.
  return `${head.slice(0, -1)},"items":[${items.map((i) => i.json).join(',')}]}\n`;
}
